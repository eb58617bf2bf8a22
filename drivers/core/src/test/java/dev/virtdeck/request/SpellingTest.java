package dev.virtdeck.request;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How each request is written on the command line (after its targets), as the TUI logs it. */
class SpellingTest {

    @Test
    void lifecycleVerbsAreTheOperationsCliNamesWithoutArguments() {
        for (Lifecycle l : Lifecycle.values()) {
            assertEquals(List.of(), l.cliArguments(), l.name());
            assertEquals(l.operation().cliName(), l.verb());
        }
        assertEquals("poweroff", Lifecycle.POWEROFF.verb());
        assertEquals("forcing off", Lifecycle.POWEROFF.progress());
        assertEquals("starting", Lifecycle.START.progress());
    }

    @Test
    void shutdownSpellsItsTimeoutAndForceOrNoWait() {
        assertEquals(List.of("--timeout", "60"), Shutdown.waiting(Duration.ofSeconds(60)).cliArguments());
        assertEquals(List.of("--timeout", "5", "--force"), new Shutdown(Duration.ofSeconds(5), true, true).cliArguments());
        assertEquals(List.of("--no-wait"), new Shutdown(null, false, false).cliArguments());
        assertEquals("shutting down", Shutdown.waiting(Duration.ZERO).progress());
    }

    @Test
    void resizesSpellTheScopeThenMaxThenTheValueInWholeMiB() {
        assertEquals(List.of("--config", "128M"), new SetMemory(128, EnumSet.of(Scope.CONFIG), false).cliArguments());
        assertEquals(List.of("--live", "--config", "1024M"), SetMemory.parse("1G", Scope.of(true, true), false).cliArguments());
        assertEquals(List.of("--max", "4"), new SetVcpus(4, Scope.current(), true).cliArguments());
        assertEquals(List.of("--config", "--max", "4"), new SetVcpus(4, Scope.of(false, true), true).cliArguments());
        assertEquals(List.of("2"), new SetVcpus(2, Scope.current(), false).cliArguments());
        assertEquals("set-memory", new SetMemory(1, Scope.current(), false).verb());
        assertEquals(Operation.SET_VCPUS, new SetVcpus(1, Scope.current(), false).operation());
    }

    @Test
    void attachDiskAndDeleteSpellTheirOptions() {
        assertEquals(List.of("--size", "1024M", "--live", "--config"), new AttachDisk(1024, Scope.of(true, true)).cliArguments());
        assertEquals(List.of("--size", "8M"), new AttachDisk(8, Scope.current()).cliArguments());
        assertEquals("attach-disk", new AttachDisk(8, Scope.current()).verb());
        assertEquals(List.of("--with-disks", "--force"), new Delete(true, true).cliArguments());
        assertEquals(List.of(), new Delete(false, false).cliArguments());
    }

    @Test
    void createSpellsNameThenOptionsAndPairsOnlyWhenTheMaximumDiffers() {
        Create kernel = new Create(new CreateSpec("web", 1, 2, 128, 1024, 2048L, "/boot/vmlinuz", "/boot/initrd",
                "console=ttyS0", null, "qemu"), true);
        assertEquals(List.of("web", "--vcpus", "1/2", "--memory", "128M/1024M", "--disk", "2048M",
                "--kernel", "/boot/vmlinuz", "--initrd", "/boot/initrd", "--cmdline", "console=ttyS0",
                "--virt-type", "qemu", "--start"), kernel.cliArguments());
        Create iso = new Create(new CreateSpec("db", 2, 2, 512, 512, null, null, null, null, "/x.iso"), false);
        assertEquals(List.of("db", "--vcpus", "2", "--memory", "512M", "--iso", "/x.iso"), iso.cliArguments());
    }

    @Test
    void aNameThatLooksLikeAnOptionComesLastAfterDoubleDash() {
        Create dash = new Create(new CreateSpec("-x", 1, 1, 64, 64, null, null, null, null, "/x.iso"), false);
        assertEquals(List.of("--vcpus", "1", "--memory", "64M", "--iso", "/x.iso", "--", "-x"), dash.cliArguments());
    }
}
