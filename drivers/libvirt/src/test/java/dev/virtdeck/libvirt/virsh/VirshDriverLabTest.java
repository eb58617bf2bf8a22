package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.libvirt.DiskFiles;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The virsh driver against the real lab, over lab2's sshd (the host the inventory gives the virsh
 * transport). State-changing tests use this class's own clone of the lab's deaf guest and VMs of
 * their own ({@code vdv-*}), so they never race other test classes on vd-deaf/vd-acpi; all are
 * removed at the end. What every driver must do is {@link VirshDriverContractLabTest}'s; here is
 * what virsh itself says, checked with virsh.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirshDriverLabTest {
    private static final String DEAF = "vdv-deaf";
    private static final String CREATED = "vdv-created";
    /** libvirt refuses '/' in names, so the canaries reach /tmp with cd instead of a path. */
    private static final String EVIL =
            "-vdv q'\"$(cd ..;cd ..;cd ..;cd ..;cd tmp;touch vd-canary) ; `cd ..;cd ..;cd ..;cd ..;cd tmp;touch vd-canary2` x";
    private static final List<Path> CANARIES = List.of(Path.of("/tmp/vd-canary"), Path.of("/tmp/vd-canary2"),
            Path.of("/root/vd-canary"), Path.of("/root/vd-canary2"));

    private LabEnv lab;
    private SshPool pool;
    private SshHost ssh;
    private Virsh virsh;
    private VirshDriver driver;

    @BeforeAll
    void open() throws IOException {
        lab = LabEnv.require();
        for (Path c : CANARIES) Files.deleteIfExists(c);
        pool = new SshPool(Trace.NONE, Prompter.NONE);
        ssh = pool.connect(lab.target2());
        virsh = new Virsh("lab2", ssh, lab.uri(), false);
        driver = new VirshDriver("lab2", ssh, lab.uri(), false);
        for (String vm : List.of(DEAF, CREATED, EVIL)) removeQuietly(vm);
        cloneGuest(lab.guestDeaf(), DEAF);
    }

    @AfterAll
    void close() {
        if (driver != null) {
            for (String vm : List.of(DEAF, CREATED, EVIL)) removeQuietly(vm);
        }
        if (pool != null) pool.close();
    }

    /** Defines {@code name} from {@code source}'s XML, uuid dropped, through virsh define /dev/stdin. */
    private void cloneGuest(String source, String name) {
        String xml = virsh.ok(source, "dumpxml", "--inactive", "--domain", source).stdout();
        String escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        String clone = xml.replaceFirst("<uuid>[^<]*</uuid>", "")
                .replaceFirst("<name>[^<]*</name>", "<name>" + java.util.regex.Matcher.quoteReplacement(escaped) + "</name>");
        ExecResult r = virsh.runWithInput(Duration.ofSeconds(60), clone.getBytes(StandardCharsets.UTF_8),
                "define", "--file", "/dev/stdin");
        assertTrue(r.ok(), r.stderr());
    }

    private void removeQuietly(String vm) {
        try {
            driver.delete(vm, true, true);
        } catch (VmNotFoundException e) {
            // not there: fine
        }
    }

    private VmState state(String vm) {
        return driver.details(vm).state();
    }

    private VmInfo listed(String vm) {
        return driver.list().stream().filter(v -> v.name().equals(vm)).findFirst()
                .orElseThrow(() -> new AssertionError(vm + " not listed"));
    }

    @Test
    @Order(1)
    void listShowsTheLabGuestWithItsSizes() {
        VmInfo deaf = listed(lab.guestDeaf());
        assertEquals("lab2", deaf.host());
        assertEquals("libvirt", deaf.driver());
        assertEquals(256L, deaf.maxMemoryMiB());
        assertEquals(2, deaf.maxVcpus());
        assertEquals(Boolean.TRUE, deaf.persistent());
        String uuid = virsh.ok(null, "domuuid", "--domain", lab.guestDeaf()).stdout().strip();
        assertEquals(uuid, deaf.uuid());
        VmInfo clone = listed(DEAF);
        assertEquals(VmState.SHUTOFF, clone.state());
        assertTrue(clone.nativeState().startsWith("shut off"), clone.nativeState());
        assertEquals(192L, clone.memoryMiB());
        assertEquals(1, clone.vcpus());
        assertEquals(clone, withoutCpu(driver.details(DEAF)));
    }

    private static VmInfo withoutCpu(VmInfo v) {
        return new VmInfo(v.host(), v.driver(), v.name(), v.uuid(), v.state(), v.nativeState(), v.vcpus(),
                v.maxVcpus(), v.memoryMiB(), v.maxMemoryMiB(), v.persistent(), null);
    }

    /** The lifecycle's outcomes are VirshDriverContractLabTest's; here the state word virsh gives a restored VM. */
    @Test
    @Order(10)
    void aVmStartedFromItsSavedStateSaysSo() {
        driver.start(DEAF);
        driver.save(DEAF);
        assertEquals(VmState.SUSPENDED, listed(DEAF).state());
        driver.start(DEAF);
        VmInfo restored = driver.details(DEAF);
        assertEquals(VmState.RUNNING, restored.state());
        assertEquals("running (restored)", restored.nativeState());
        driver.poweroff(DEAF);
    }

    @Test
    @Order(30)
    void memoryAndVcpusLiveWithinTheMaximumAndClearErrorsBeyond() {
        driver.start(DEAF);
        driver.setMemory(DEAF, 160, EnumSet.of(Scope.LIVE), false);
        InvalidRequestException big = assertThrows(InvalidRequestException.class,
                () -> driver.setMemory(DEAF, 512, EnumSet.of(Scope.LIVE), false));
        assertEquals("memory 512 MiB exceeds the maximum 256 MiB; use --max to raise the maximum (next boot)",
                big.detail());
        // the next-boot maximum is libvirt's to check: its refusal is mapped, not passed raw
        InvalidRequestException cfg = assertThrows(InvalidRequestException.class,
                () -> driver.setMemory(DEAF, 512, EnumSet.of(Scope.CONFIG), false));
        assertTrue(cfg.detail().startsWith("memory 512 MiB exceeds the maximum"), cfg.detail());

        driver.setVcpus(DEAF, 2, EnumSet.of(Scope.LIVE), false);
        assertEquals(2, driver.details(DEAF).vcpus());
        InvalidRequestException three = assertThrows(InvalidRequestException.class,
                () -> driver.setVcpus(DEAF, 3, EnumSet.of(Scope.LIVE), false));
        assertEquals("3 vCPUs exceed the maximum 2; use --max to raise the maximum (next boot)", three.detail());
        driver.poweroff(DEAF);
        assertEquals(1, driver.details(DEAF).vcpus(), "a live change does not touch the config");
    }

    @Test
    @Order(40)
    void liveAttachedDiskShowsInTheBlockListAndIsPersisted() {
        driver.start(DEAF);
        OpResult r = driver.attachDisk(DEAF, 16, EnumSet.of(Scope.LIVE, Scope.CONFIG));
        String blk = virsh.ok(DEAF, "domblklist", "--domain", DEAF).stdout();
        String path = blk.lines().filter(l -> l.strip().startsWith("vda ")).map(l -> l.strip().split("\\s+", 2)[1])
                .findFirst().orElseThrow(() -> new AssertionError("vda not in\n" + blk));
        assertTrue(r.message().contains(path), r.message());
        assertTrue(path.startsWith(DiskFiles.DEFAULT_DIR + "/"), path);
        assertTrue(virsh.ok(DEAF, "dumpxml", "--inactive", "--domain", DEAF).stdout().contains(path));
        assertEquals(0, ssh.exec(RemoteCommand.of("test", "-f", path)).exitCode());
        driver.poweroff(DEAF);
        OpResult del = driver.delete(DEAF, true, false);
        assertTrue(del.message().contains(path), del.message());
        assertEquals(1, ssh.exec(RemoteCommand.of("test", "-e", path)).exitCode(), "disk removed with the VM");
        assertThrows(VmNotFoundException.class, () -> driver.details(DEAF));
        cloneGuest(lab.guestDeaf(), DEAF);
    }

    @Test
    @Order(50)
    void createBootsFromKernelAndInitrdAndDeleteLeavesNothing() {
        CreateSpec spec = new CreateSpec(CREATED, 1, 2, 128, 192, 16L, lab.kernel().toString(),
                lab.initrd().toString(), null, null, lab.domainType());
        OpResult r = driver.create(spec, true);
        assertTrue(r.message().startsWith("created and started (" + lab.domainType() + ", disk "), r.message());
        VmInfo vm = driver.details(CREATED);
        assertEquals(VmState.RUNNING, vm.state());
        assertEquals(2, vm.maxVcpus());
        assertEquals(192L, vm.maxMemoryMiB());
        String blk = virsh.ok(CREATED, "domblklist", "--domain", CREATED).stdout();
        assertTrue(blk.contains("vda"), blk);
        waitForShell(CREATED);
        assertThrows(InvalidRequestException.class, () -> driver.delete(CREATED, true, false), "running: refused");
        assertThrows(InvalidRequestException.class, () -> driver.create(spec, false), "name taken");
        OpResult d = driver.delete(CREATED, true, true);
        assertTrue(d.message().contains("1 disk"), d.message());
        assertThrows(VmNotFoundException.class, () -> driver.details(CREATED));
        String disk = d.message().substring(d.message().indexOf(": ") + 2);
        assertEquals(1, ssh.exec(RemoteCommand.of("test", "-e", disk)).exitCode(), disk + " left behind");
    }

    @Test
    @Order(60)
    void consoleRunsACommandAndABusyConsoleNeedsForce() throws Exception {
        driver.start(DEAF);
        try (ConsoleStream c = driver.console(DEAF, false)) {
            assertTrue(expect(c, "vd-42", Duration.ofSeconds(120)), "the guest shell answered");
            InvalidRequestException busy = assertThrows(InvalidRequestException.class,
                    () -> driver.console(DEAF, false));
            assertEquals("console is busy (another session holds it); use --force to take it over", busy.detail());
            try (ConsoleStream forced = driver.console(DEAF, true)) {
                assertTrue(expect(forced, "vd-42", Duration.ofSeconds(30)), "the forced console works");
            }
        }
        driver.poweroff(DEAF);
    }

    @Test
    @Order(70)
    void hostileNameIsListedOperatedAndNothingRunsOnTheHost() {
        CreateSpec spec = new CreateSpec(EVIL, 1, 2, 128, 192, 16L, lab.kernel().toString(),
                lab.initrd().toString(), null, null, lab.domainType());
        driver.create(spec, false);
        assertEquals(VmState.SHUTOFF, listed(EVIL).state());
        driver.start(EVIL);
        assertEquals(VmState.RUNNING, listed(EVIL).state());
        driver.pause(EVIL);
        driver.resume(EVIL);
        driver.setMemory(EVIL, 160, Scope.current(), false);
        driver.poweroff(EVIL);
        assertEquals(VmState.SHUTOFF, driver.details(EVIL).state());
        driver.start(EVIL);
        // a live-only disk is known only to the running VM: delete --force must still find it
        String attached = driver.attachDisk(EVIL, 16, EnumSet.of(Scope.LIVE)).message();
        String path = attached.substring(attached.indexOf('/'), attached.indexOf(" as "));
        OpResult d = driver.delete(EVIL, true, true);
        assertTrue(d.message().contains(path), d.message());
        assertEquals(1, ssh.exec(RemoteCommand.of("test", "-e", path)).exitCode(), path + " left behind");
        assertThrows(VmNotFoundException.class, () -> driver.details(EVIL));
        for (Path c : CANARIES) assertFalse(Files.exists(c), c + " exists: a name reached a shell");
    }

    @Test
    @Order(80)
    void hostInfoOverVirsh() {
        HostInfo h = driver.hostInfo();
        assertEquals("virsh", h.transport());
        assertEquals("libvirt", h.driver());
        assertTrue(h.libvirtVersion().matches("\\d+\\.\\d+\\.\\d+"), h.libvirtVersion());
        assertEquals("QEMU", h.hypervisor());
        assertTrue(h.cpus() >= 1);
        assertTrue(h.memoryTotalMiB() > 0);
        assertTrue(h.memoryFreeMiB() <= h.memoryTotalMiB(), "free " + h.memoryFreeMiB() + " > total " + h.memoryTotalMiB());
        assertTrue(h.maxVcpus() >= 1);
        assertTrue(h.guests() >= 2, "vd-deaf and vd-acpi at least");
        assertTrue(h.toolstacks().contains("virsh"));
        assertEquals(Files.exists(Path.of("/dev/kvm")), h.devKvm());
    }

    /** Boots far enough for a shell: the ACPI handler of the lab guest starts before it. */
    private void waitForShell(String vm) {
        try (ConsoleStream c = driver.console(vm, true)) {
            assertTrue(expect(c, "vd-42", Duration.ofSeconds(120)), vm + ": no shell on the console");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Types {@code echo vd-$((6*7))} every few seconds until the answer (not the echo) arrives. */
    private static boolean expect(ConsoleStream c, String needle, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextType = 0;
        StringBuilder seen = new StringBuilder();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextType) {
                c.output().write("echo vd-$((6*7))\n".getBytes(StandardCharsets.UTF_8));
                c.output().flush();
                nextType = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            }
            int n = c.input().available();
            if (n > 0) {
                int r = c.input().read(buf, 0, Math.min(n, buf.length));
                if (r < 0) return false;
                seen.append(new String(buf, 0, r, StandardCharsets.UTF_8));
                if (seen.indexOf(needle) >= 0) return true;
            } else {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
