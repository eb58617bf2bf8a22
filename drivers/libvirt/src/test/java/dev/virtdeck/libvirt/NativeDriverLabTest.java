package dev.virtdeck.libvirt;

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
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VmNotFoundException;
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

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native driver against the real lab: libvirtd reached through sshd and virt-ssh-helper.
 *
 * <p>State-changing tests run on this class's own guests ({@code vdn-*}, made by the driver's
 * create from the lab kernel and initrd), so they never race other test classes that use the
 * lab's vd-deaf/vd-acpi; those two are only read. Every guest is deleted at the end. What every
 * driver must do is {@link NativeDriverContractLabTest}'s; here are the API calls and what virsh
 * and the guest itself see.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NativeDriverLabTest {
    static final String DEAF = "vdn-deaf";
    static final String ACPI = "vdn-acpi";
    static final String MADE = "vdn-made";

    LabEnv lab;
    SshPool pool;
    SshHost ssh;
    NativeDriver driver;
    final List<String> traced = new CopyOnWriteArrayList<>();

    @BeforeAll
    void open() {
        lab = LabEnv.require();
        pool = new SshPool(Trace.NONE, Prompter.NONE);
        ssh = pool.connect(lab.target1());
        driver = new NativeDriver("lab1", ssh, lab.uri(), false, (h, call) -> traced.add(call));
        for (String vm : List.of(DEAF, ACPI, MADE)) deleteQuietly(vm);
        driver.create(spec(DEAF, "console=ttyS0 virtdeck.deaf=1", null), false);
    }

    @AfterAll
    void close() {
        try {
            if (driver != null) {
                for (String vm : List.of(DEAF, ACPI, MADE)) deleteQuietly(vm);
            }
        } finally {
            if (driver != null) driver.close();
            if (pool != null) pool.close();
        }
    }

    CreateSpec spec(String name, String cmdline, Long diskMiB) {
        // the lab's verified type: libvirt may offer kvm on a host whose KVM cannot run a guest
        return new CreateSpec(name, 1, 2, 192, 256, diskMiB, lab.kernel().toString(), lab.initrd().toString(),
                cmdline, null, lab.domainType());
    }

    void deleteQuietly(String vm) {
        try {
            driver.delete(vm, true, true);
        } catch (VmNotFoundException e) {
            // not there: fine
        }
    }

    String virsh(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("virsh", "-c", lab.uri()));
        argv.addAll(List.of(args));
        ExecResult r = ssh.exec(RemoteCommand.of(argv));
        assertTrue(r.ok(), () -> "virsh failed: " + r);
        return r.stdout().strip();
    }

    String domstate(String vm) {
        return virsh("domstate", vm);
    }

    void assertState(String vm, VmState want, String virshWord) {
        assertEquals(want, driver.details(vm).state(), vm + " via the API");
        assertEquals(virshWord, domstate(vm), vm + " via virsh domstate");
    }

    /** Waits for the guest's shell on the serial console: proves it booted. */
    void awaitShell(String vm) throws Exception {
        consoleExpect(vm, "echo vdn-ready-$((6*7))", "vdn-ready-42", Duration.ofSeconds(120));
    }

    /**
     * Types {@code line} into the guest's serial shell every few seconds until {@code expected}
     * appears in the console output (the guest's own view), or fails after {@code timeout}.
     */
    String consoleExpect(String vm, String line, String expected, Duration timeout) throws Exception {
        try (ConsoleStream c = driver.console(vm, true)) {
            InputStream in = c.input();
            OutputStream out = c.output();
            StringBuffer seen = new StringBuffer();
            Thread reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n; (n = in.read(buf)) >= 0; ) seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException e) {
                    // console closed
                }
            }, "console-reader");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 30; i++) {
                    if (seen.indexOf(expected) >= 0) return seen.toString();
                    Thread.sleep(100);
                }
            }
            return fail(vm + ": never saw '" + expected + "' on the console after '" + line + "'; saw: " + seen);
        }
    }

    void awaitState(String vm, VmState want, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && driver.details(vm).state() != want) Thread.sleep(200);
        assertEquals(want, driver.details(vm).state());
    }

    @Test
    @Order(1)
    void listShowsLabGuestsWithTheirSizes() {
        List<VmInfo> vms = driver.list();
        VmInfo deaf = vms.stream().filter(v -> v.name().equals(lab.guestDeaf())).findFirst()
                .orElseThrow(() -> new AssertionError(lab.guestDeaf() + " not listed: " + vms));
        assertEquals("lab1", deaf.host());
        assertEquals("libvirt", deaf.driver());
        assertEquals(256L, deaf.maxMemoryMiB());
        assertEquals(2, deaf.maxVcpus());
        assertEquals(virsh("domuuid", lab.guestDeaf()), deaf.uuid());
        assertTrue(deaf.persistent());
        if (deaf.state() == VmState.SHUTOFF) {
            assertEquals(192L, deaf.memoryMiB());
            assertEquals(1, deaf.vcpus());
        }
        assertTrue(vms.stream().anyMatch(v -> v.name().equals(DEAF)), "own guest listed");
        assertTrue(traced.contains(NativeDriver.BULK_API), traced.toString());
    }

    @Test
    @Order(10)
    void lifecycleChangesRealState() throws Exception {
        assertState(DEAF, VmState.SHUTOFF, "shut off");
        OpResult r = driver.start(DEAF);
        assertEquals("virDomainCreate(\"" + DEAF + "\")", r.command());
        assertState(DEAF, VmState.RUNNING, "running");
        assertTrue(driver.start(DEAF).message().startsWith("already running"));

        driver.pause(DEAF);
        assertState(DEAF, VmState.PAUSED, "paused");
        assertEquals("already paused", driver.pause(DEAF).message());
        driver.resume(DEAF);
        assertState(DEAF, VmState.RUNNING, "running");

        long before = driver.details(DEAF).cpuTimeNs();
        assertEquals("virDomainReset(\"" + DEAF + "\", 0)", driver.reset(DEAF).command());
        assertState(DEAF, VmState.RUNNING, "running");
        assertNotNull(before);

        r = driver.save(DEAF);
        assertEquals("virDomainManagedSave(\"" + DEAF + "\", 0)", r.command());
        assertState(DEAF, VmState.SUSPENDED, "shut off");
        assertEquals("shut off (saved)", virsh("domstate", "--reason", DEAF));
        assertEquals("shut off (saved)", driver.details(DEAF).nativeState());

        r = driver.start(DEAF);
        assertTrue(r.message().contains("restored"), r.message());
        assertState(DEAF, VmState.RUNNING, "running");
        assertEquals("running (restored)", virsh("domstate", "--reason", DEAF));

        r = driver.poweroff(DEAF);
        assertEquals("virDomainDestroy(\"" + DEAF + "\")", r.command());
        assertState(DEAF, VmState.SHUTOFF, "shut off");
        assertEquals("already shut off", driver.poweroff(DEAF).message());
    }

    @Test
    @Order(20)
    void shutdownOfDeafGuestTimesOutThenIsForced() {
        driver.start(DEAF);
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                () -> driver.shutdown(DEAF, new ShutdownRequest(Duration.ofSeconds(2), false, true)));
        assertTrue(e.getMessage().contains("still running after 2 s"), e.getMessage());
        assertState(DEAF, VmState.RUNNING, "running");

        long t0 = System.nanoTime();
        OpResult r = driver.shutdown(DEAF, new ShutdownRequest(Duration.ofSeconds(5), true, true));
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals("forced after 5 s", r.message());
        assertEquals("virDomainShutdown(\"" + DEAF + "\") && virDomainDestroy(\"" + DEAF + "\")", r.command());
        assertTrue(took >= 5000 && took < 60000, "waited for the deadline, then forced: took " + took + " ms");
        assertState(DEAF, VmState.SHUTOFF, "shut off");
        assertEquals("already shut off", driver.shutdown(DEAF, new ShutdownRequest(Duration.ofSeconds(1), true, true)).message());
    }

    @Test
    @Order(35)
    void rebootAndResetRestartTheGuestForReal() throws Exception {
        assumeTrue(lab.hasAcpiGuest(), "the lab has no ACPI-honouring guest (LAB_GUEST_ACPI empty)");
        if (driver.list().stream().noneMatch(v -> v.name().equals(ACPI))) {
            driver.create(spec(ACPI, "console=ttyS0", null), false);
        }
        driver.start(ACPI);
        awaitShell(ACPI);
        // The guest's root is a RAM disk: a file written there survives only until it restarts.
        // "no-$((1+1))x" is printed as "no-2x", so the echo of the typed line never matches.
        String probe = "cat /vd-mark 2>/dev/null || echo no-$((1+1))x";
        consoleExpect(ACPI, "echo vd-$((2+3))mark > /vd-mark; " + probe, "vd-5mark", Duration.ofSeconds(60));

        OpResult r = driver.reboot(ACPI); // ACPI reboot: this guest honours the power button
        assertEquals("virDomainReboot(\"" + ACPI + "\", 0)", r.command());
        consoleExpect(ACPI, probe, "no-2x", Duration.ofSeconds(120));
        assertState(ACPI, VmState.RUNNING, "running");

        consoleExpect(ACPI, "echo vd-$((2+3))mark > /vd-mark; " + probe, "vd-5mark", Duration.ofSeconds(60));
        driver.reset(ACPI); // hard reset: no guest cooperation needed
        consoleExpect(ACPI, probe, "no-2x", Duration.ofSeconds(120));
        assertState(ACPI, VmState.RUNNING, "running");
        driver.poweroff(ACPI);
    }

    @Test
    @Order(40)
    void liveMemoryAndVcpusWithinAndBeyondMaximum() throws Exception {
        driver.start(DEAF);
        awaitShell(DEAF); // the guest's balloon driver must be up to act on a new target
        OpResult r = driver.setMemory(DEAF, 128, Scope.current(), false);
        assertEquals("virDomainSetMemoryFlags(\"" + DEAF + "\", 131072, VIR_DOMAIN_AFFECT_LIVE)", r.command());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && driver.details(DEAF).memoryMiB() != 128L) Thread.sleep(250);
        assertEquals(128L, driver.details(DEAF).memoryMiB(), "balloon reached the target (API)");
        assertTrue(virsh("dominfo", DEAF).matches("(?s).*Used memory:\\s+131072 KiB.*"), virsh("dominfo", DEAF));

        InvalidRequestException big = assertThrows(InvalidRequestException.class,
                () -> driver.setMemory(DEAF, 1024, Set.of(Scope.LIVE), false));
        assertTrue(big.getMessage().contains("maximum of 256 MiB"), big.getMessage());
        assertTrue(big.getMessage().contains("--max"), big.getMessage());

        r = driver.setVcpus(DEAF, 2, Set.of(Scope.LIVE), false);
        assertTrue(r.message().contains("vCPUs set to 2"), r.message());
        assertEquals("2", virsh("vcpucount", "--live", "--active", DEAF));
        InvalidRequestException three = assertThrows(InvalidRequestException.class,
                () -> driver.setVcpus(DEAF, 3, Scope.current(), false));
        assertTrue(three.getMessage().contains("maximum of 2"), three.getMessage());

        // the live changes did not touch the config
        assertEquals(1, Integer.parseInt(virsh("vcpucount", "--config", "--current", DEAF)));
        driver.poweroff(DEAF);
        VmInfo off = driver.details(DEAF);
        assertEquals(192L, off.memoryMiB());
        assertEquals(1, off.vcpus());
        // --current on a shut-off VM means config; --max raises the config maximum
        driver.setMemory(DEAF, 300, Scope.current(), true);
        assertEquals(300L, driver.details(DEAF).maxMemoryMiB());
        driver.setMemory(DEAF, 256, Scope.current(), true);
        assertThrows(InvalidRequestException.class, () -> driver.setMemory(DEAF, 128, Set.of(Scope.LIVE), false));
    }

    @Test
    @Order(50)
    void liveAttachedDiskShowsInBlockList() throws Exception {
        driver.start(DEAF);
        awaitShell(DEAF); // the guest's virtio drivers are loaded once its shell answers
        OpResult r = driver.attachDisk(DEAF, 8, Set.of(Scope.LIVE, Scope.CONFIG));
        // The guest itself sees the hot-plugged disk: 8 MiB = 8192 1K-blocks in /proc/partitions.
        consoleExpect(DEAF, "grep -w vda /proc/partitions", "8192 vda", Duration.ofSeconds(60));
        String blk = virsh("domblklist", DEAF);
        assertTrue(blk.contains("vda"), blk);
        String path = blk.lines().filter(l -> l.strip().startsWith("vda")).findFirst().orElseThrow().strip()
                .substring(3).strip();
        assertTrue(r.message().contains(path), r.message());
        assertTrue(r.command().startsWith("LC_ALL=C qemu-img create"), r.command());
        assertTrue(virsh("dumpxml", "--inactive", DEAF).contains(path), "persisted in the config");
        assertTrue(ssh.exec(RemoteCommand.of("test", "-f", path)).ok(), "disk file exists");
        assertTrue(virsh("domblkinfo", DEAF, "vda").matches("(?s)Capacity:\\s+8388608.*"), virsh("domblkinfo", DEAF, "vda"));
        driver.poweroff(DEAF);
    }

    @Test
    @Order(60)
    void createBootsAndDeleteWithDisksLeavesNothing() throws Exception {
        OpResult r = driver.create(spec(MADE, "console=ttyS0", 16L), true);
        assertTrue(r.message().startsWith("created and started (" + lab.domainType() + ", disk "), r.message());
        assertState(MADE, VmState.RUNNING, "running");
        awaitShell(MADE);
        String disk = virsh("domblklist", MADE).lines().filter(l -> l.strip().startsWith("vda")).findFirst()
                .orElseThrow().strip().substring(3).strip();
        assertTrue(ssh.exec(RemoteCommand.of("test", "-f", disk)).ok());

        InvalidRequestException running = assertThrows(InvalidRequestException.class,
                () -> driver.delete(MADE, true, false));
        assertTrue(running.getMessage().contains("--force"), running.getMessage());
        assertThrows(InvalidRequestException.class, () -> driver.create(spec(MADE, "console=ttyS0", null), false));

        r = driver.delete(MADE, true, true);
        assertTrue(r.message().contains("1 disk"), r.message());
        assertThrows(VmNotFoundException.class, () -> driver.details(MADE));
        assertEquals(1, ssh.exec(RemoteCommand.of("test", "-e", disk)).exitCode(), "disk file removed");
        ExecResult dom = ssh.exec(RemoteCommand.of("virsh", "-c", lab.uri(), "domstate", MADE));
        assertFalse(dom.ok(), "virsh no longer knows the domain");
    }

    @Test
    @Order(70)
    void hostInfoReportsFacts() {
        HostInfo h = driver.hostInfo();
        assertEquals("native", h.transport());
        assertEquals("QEMU", h.hypervisor());
        assertNotNull(h.libvirtVersion());
        assertTrue(h.libvirtVersion().matches("\\d+\\.\\d+\\.\\d+"), h.libvirtVersion());
        assertTrue(h.cpus() > 0);
        assertTrue(h.memoryTotalMiB() > 0);
        assertTrue(h.memoryFreeMiB() <= h.memoryTotalMiB(), "free " + h.memoryFreeMiB() + " > total " + h.memoryTotalMiB());
        assertTrue(h.maxVcpus() > 0);
        assertTrue(h.guests() >= 3, "vd-deaf, vd-acpi and vdn-deaf at least: " + h.guests());
        assertTrue(h.toolstacks().contains("virsh"));
        assertEquals(ssh.exec(RemoteCommand.of("test", "-e", "/dev/kvm")).ok(), h.devKvm());
        assertEquals(h.devKvm() ? "kvm" : "qemu", h.extra().get("domain type"));
        assertEquals(virsh("hostname"), h.hostname());
    }
}
