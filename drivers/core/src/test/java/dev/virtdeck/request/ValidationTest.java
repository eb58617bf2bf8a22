package dev.virtdeck.request;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every value rule of the requests, with its one wording, refused when the request is built. */
class ValidationTest {
    static final Set<Scope> LIVE = EnumSet.of(Scope.LIVE);
    static final Set<Scope> BOTH = EnumSet.of(Scope.LIVE, Scope.CONFIG);

    static void refused(String message, Executable build) {
        assertEquals(message, assertThrows(BadRequestException.class, build).getMessage());
    }

    static CreateSpec spec(String name, int vcpus, int maxVcpus, long mem, long maxMem, Long disk) {
        return new CreateSpec(name, vcpus, maxVcpus, mem, maxMem, disk, "/k", "/i", null, null);
    }

    @Test
    void sizesAndCountsMustBePositive() {
        refused("memory must be at least 1 MiB, got 0", () -> new SetMemory(0, Scope.current(), false));
        refused("memory must be at least 1 MiB, got -5", () -> new SetMemory(-5, Scope.current(), true));
        refused("vCPUs must be at least 1, got 0", () -> new SetVcpus(0, Scope.current(), false));
        refused("disk size must be at least 1 MiB, got 0", () -> new AttachDisk(0, Scope.current()));
        refused("memory must be at least 1 MiB, got 0", () -> new Create(spec("a", 1, 1, 0, 64, null), false));
        refused("vCPUs must be at least 1, got 0", () -> new Create(spec("a", 0, 1, 64, 64, null), false));
        refused("disk size must be at least 1 MiB, got 0", () -> new Create(spec("a", 1, 1, 64, 64, 0L), false));
        assertEquals(1, new SetMemory(1, Scope.current(), false).mib());
    }

    @Test
    void textIsParsedWithTheSizesWording() {
        refused("invalid size '0': must be more than 0", () -> SetMemory.parse("0", Scope.current(), false));
        refused("vCPU count: expected a positive whole number, got 'zero'", () -> SetVcpus.parse("zero", LIVE, false));
        assertEquals(1536, AttachDisk.parse("1.5G", LIVE).sizeMiB());
        assertEquals(4, SetVcpus.parse(" 4 ", Scope.current(), true).count());
    }

    @Test
    void theMaximumChangesInTheConfigurationOnly() {
        refused("--max changes the configuration only: drop --live", () -> new SetMemory(512, LIVE, true));
        refused("--max changes the configuration only: drop --live", () -> new SetVcpus(2, BOTH, true));
        assertEquals(EnumSet.of(Scope.CONFIG), new SetMemory(512, EnumSet.of(Scope.CONFIG), true).scope());
        assertEquals(Scope.current(), new SetVcpus(2, Scope.current(), true).scope());
        assertEquals(BOTH, new SetMemory(512, BOTH, false).scope(), "without --max both scopes are fine");
    }

    @Test
    void theScopeIsCopiedSoTheCallerCannotChangeItLater() {
        Set<Scope> asked = EnumSet.of(Scope.CONFIG);
        AttachDisk d = new AttachDisk(8, asked);
        asked.add(Scope.LIVE);
        assertEquals(EnumSet.of(Scope.CONFIG), d.scope());
        assertThrows(UnsupportedOperationException.class, () -> d.scope().add(Scope.LIVE));
    }

    @Test
    void shutdownNeedsATimeoutOfZeroOrMoreAndForceNeedsToWait() {
        refused("--timeout must be 0 or more seconds, got -1", () -> new Shutdown(Duration.ofSeconds(-1), false, true));
        refused("--force needs to wait: drop --no-wait", () -> new Shutdown(Duration.ofSeconds(5), true, false));
        assertEquals(ShutdownRequest.DEFAULT_TIMEOUT, new Shutdown(null, false, true).timeout());
        assertEquals(Duration.ZERO, Shutdown.waiting(Duration.ZERO).timeout());
    }

    static final String BOOT = "give --kernel PATH and --initrd PATH (optionally --cmdline TEXT), --iso PATH,"
            + " --image PATH (boot from a copy-on-write overlay on it), --template NAME (XenServer/XCP-ng)"
            + " or --rootfs DIR (a container, libvirt's LXC)";

    @Test
    void createNeedsANameCurrentValuesWithinTheMaximaAndAtMostOneWayToBoot() {
        refused("NAME must not be empty", () -> new Create(spec(" ", 1, 1, 64, 64, null), false));
        refused("NAME must not be empty", () -> new Create(spec(null, 1, 1, 64, 64, null), false));
        refused("--vcpus: 4 is more than the maximum 2", () -> new Create(spec("a", 4, 2, 64, 64, null), false));
        refused("--memory: 2048 MiB is more than the maximum 1024 MiB",
                () -> new Create(spec("a", 1, 1, 2048, 1024, null), false));
        refused(BOOT,
                () -> new Create(new CreateSpec("a", 1, 1, 64, 64, null, "/k", null, null, null), false));
        // no boot source is an empty VM (VirtualBox, XAPI make one); the drivers that cannot refuse it themselves
        Create empty = new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, null, null), false);
        assertNull(empty.driverObjection("vbox"));
        assertNull(empty.driverObjection("xapi"));
        for (String kind : List.of("libvirt", "xl", "xm")) {
            assertEquals("an empty VM (no --kernel/--initrd, --iso, --image or --template) is made on VirtualBox and"
                    + " XenServer/XCP-ng hosts only; on " + kind + " give --kernel PATH and --initrd PATH, --iso PATH"
                    + " or --image PATH", empty.driverObjection(kind));
        }
        refused(BOOT,
                () -> new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, "console=hvc0", null), false));
        refused("--iso cannot be combined with --kernel, --initrd or --cmdline",
                () -> new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, "quiet", "/x.iso"), false));
        refused("--virt-type must be kvm or qemu, not 'hvm'",
                () -> new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, null, "/x.iso", "hvm"), false));
        refused("--template cannot be combined with --iso, --kernel, --initrd, --cmdline or --image",
                () -> new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, null, "/x.iso", null, "Debian"), false));
        refused("--template must not be empty",
                () -> new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, null, null, null, " "), false));
        new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, null, "/x.iso", "qemu"), true);
        CreateSpec bare = new CreateSpec("a", 1, 1, 64, 64, null, null, null, null, null);
        refused("--image must be an absolute path on the host, not 'base.qcow2'",
                () -> new Create(bare.withImage("base.qcow2"), false));
        refused("--template cannot be combined with --iso, --kernel, --initrd, --cmdline or --image",
                () -> new Create(bare.withTemplate("Debian").withImage("/b.qcow2"), false));
        Create fromImage = new Create(bare.withImage("/img/b.qcow2").withNetwork(NicSpec.bridge("br0")), true);
        assertEquals(List.of("a", "--vcpus", "1", "--memory", "64M", "--image", "/img/b.qcow2", "--network", "bridge=br0",
                "--start"), fromImage.cliArguments());
        assertEquals("--image is implemented for libvirt, VirtualBox and xl hosts, not xm", fromImage.driverObjection("xm"));
        assertNull(fromImage.driverObjection("xl"));
        assertNull(fromImage.driverObjection("libvirt"));
        Create fromTemplate = new Create(new CreateSpec("a", 1, 1, 64, 64, null, null, null, null, null, null,
                "Debian Bookworm 12"), false);
        assertEquals(List.of("a", "--vcpus", "1", "--memory", "64M", "--template", "Debian Bookworm 12"),
                fromTemplate.cliArguments());
    }
}
