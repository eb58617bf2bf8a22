package dev.virtdeck.xen.lab;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.xen.XlDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The xl driver against a REAL Xen 4.17 host (lab/xen: Xen + Debian dom0 in QEMU TCG) and its PV
 * guest {@code vd-xen} (busybox init, console hvc0, 256/512 MiB, 1/2 vCPUs). Every change is
 * checked with xl itself, not only through the driver. Under TCG each xl command takes 1-15 s,
 * so waits poll with generous bounds and nothing asserts latency. The guest is left shut off.
 * What every driver must do is {@link XlDriverContractXenLabTest}'s; here is what xl and the guest
 * themselves see.
 */
@Tag("xen")
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XlDriverXenLabTest {
    private static final Duration BOOT = XenDom0.BOOT;
    private static final Duration SETTLE = XenDom0.SETTLE;

    private XenLabEnv xen;
    private SshPool pool;
    private SshHost ssh;
    private XlDriver driver;
    private XenDom0 dom0;
    private String vm;

    @BeforeAll
    void open() {
        xen = XenLabEnv.require();
        vm = xen.guest();
        pool = new SshPool(Trace.NONE, Prompter.NONE);
        ssh = pool.connect(xen.target());
        dom0 = new XenDom0(ssh, xen);
        driver = new XlDriver("xen1", ssh, "xl", false);
        destroyQuietly();
        removeAttachedImages();
    }

    @AfterAll
    void close() {
        if (ssh != null) {
            destroyQuietly();
            removeAttachedImages();
        }
        if (pool != null) pool.close();
    }

    @Test
    @Order(1)
    void hostInfoShowsDom0Facts() {
        HostInfo h = driver.hostInfo();
        String info = sh("xl", "info").stdout();
        assertEquals("Xen", h.hypervisor());
        assertTrue(h.hypervisorVersion().startsWith("4.17"), h.hypervisorVersion());
        assertTrue(info.contains(": " + h.hypervisorVersion().split("[ -]")[0]), "xl info agrees: " + h.hypervisorVersion());
        assertEquals(infoNumber(info, "nr_cpus"), (long) h.cpus());
        assertEquals(infoNumber(info, "total_memory"), h.memoryTotalMiB());
        assertTrue(h.memoryTotalMiB() >= 1900 && h.memoryTotalMiB() <= 2048, "QEMU has 2 GiB: " + h.memoryTotalMiB());
        assertNotNull(h.memoryFreeMiB());
        assertTrue(h.memoryFreeMiB() > 0 && h.memoryFreeMiB() < h.memoryTotalMiB(), "free " + h.memoryFreeMiB());
        assertEquals("1024 MiB", h.extra().get("dom0 memory"), h.extra().toString());
        assertEquals("2", h.extra().get("dom0 vcpus"));
        assertTrue(h.extra().containsKey("virt_caps"), h.extra().toString());
    }

    @Test
    @Order(2)
    void listShowsTheConfiguredGuestShutOffAndHidesDom0() {
        ensureOff();
        List<VmInfo> vms = driver.list();
        assertTrue(vms.stream().noneMatch(v -> v.name().equals("Domain-0")), vms.toString());
        VmInfo v = find(vms).orElseThrow(() -> new AssertionError(vm + " not listed: " + vms));
        assertEquals(VmState.SHUTOFF, v.state());
        assertEquals(256L, v.memoryMiB());
        assertEquals(1, v.vcpus());
    }

    @Test
    @Order(3)
    void startFromConfigRunsWithConfiguredMemoryAndVcpus() {
        ensureOff();
        OpResult r = driver.start(vm);
        assertTrue(r.message().startsWith("started"), r.message());
        assertTrue(r.command().contains(xen.guestCfg()), r.command());
        // While the guest kernel boots, every possible vCPU is briefly online (xl list shows 2)
        // until its Xen hotplug watcher offlines the unavailable one: compare in steady state.
        awaitBanner(1);
        String[] row = xlRow().orElseThrow(() -> new AssertionError("xl list lacks " + vm));
        assertEquals("256", row[2], "xl list Mem");
        assertEquals("1", row[3], "xl list VCPUs");
        VmInfo v = driver.details(vm);
        assertTrue(v.state() == VmState.RUNNING, v.toString());
        assertEquals(256L, v.memoryMiB());
        assertEquals(512L, v.maxMemoryMiB());
        assertEquals(1, v.vcpus());
        assertEquals(2, v.maxVcpus());
        VmInfo listed = find(driver.list()).orElseThrow();
        assertEquals(VmState.RUNNING, listed.state());
        assertEquals(256L, listed.memoryMiB());
        assertTrue(driver.start(vm).message().contains("already running"));
    }

    @Test
    @Order(5)
    void memSetWithinMaxmemBalloonsAndBeyondFailsClearly() {
        ensureRunning();
        driver.setMemory(vm, 128, Scope.current(), false);
        await(SETTLE, "xl list shows 128 MiB", () -> "128".equals(xlRow().orElseThrow()[2]));
        String target = sh("sh", "-c", "xenstore-read \"/local/domain/$(xl domid \"$1\")/memory/target\"", "sh", vm)
                .stdout().strip();
        assertEquals(128L * 1024, Long.parseLong(target), "balloon target in xenstore (KiB)");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver.setMemory(vm, 1024, Scope.current(), false));
        assertTrue(e.getMessage().contains("maxmem") || e.getMessage().contains("maximum"), e.getMessage());
        assertEquals("128", xlRow().orElseThrow()[2], "unchanged after the refused mem-set");
        driver.setMemory(vm, 256, Scope.current(), false);
        await(SETTLE, "xl list shows 256 MiB again", () -> "256".equals(xlRow().orElseThrow()[2]));
    }

    @Test
    @Order(6)
    void vcpuSetWithinBootMaximumWorksAndBeyondFailsClearly() {
        ensureRunning();
        driver.setVcpus(vm, 2, Scope.current(), false);
        // xl list counts online vCPUs: the guest's rcS loop onlines the hot-added one.
        await(SETTLE, "xl list shows 2 vCPUs", () -> "2".equals(xlRow().orElseThrow()[3]));
        assertEquals(2, driver.details(vm).vcpus());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver.setVcpus(vm, 3, Scope.current(), false));
        assertTrue(e.getMessage().contains("maximum") || e.getMessage().contains("physical CPUs"), e.getMessage());
        driver.setVcpus(vm, 1, Scope.current(), false);
        await(SETTLE, "xl list shows 1 vCPU again", () -> "1".equals(xlRow().orElseThrow()[3]));
    }

    @Test
    @Order(7)
    void attachDiskShowsInBlockList() {
        ensureRunning();
        int before = blockDevices();
        OpResult r = driver.attachDisk(vm, 16, Scope.current());
        assertTrue(r.message().contains(" as xvd"), r.message());
        await(SETTLE, "xl block-list shows the new disk", () -> blockDevices() == before + 1);
        String vdev = r.message().replaceAll(".* as (xvd[a-z]+).*", "$1");
        String list = sh("xl", "block-list", vm).stdout();
        assertTrue(list.contains(Integer.toString(vdevId(vdev))), list);
    }

    @Test
    @Order(8)
    void consoleShowsTheGuestShellAndCtrlRightBracketDetaches() throws IOException, InterruptedException {
        ensureRunning();
        awaitBanner(1);
        ConsoleStream c = driver.console(vm, false);
        try {
            StringBuilder seen = new StringBuilder();
            // The answer is computed by the guest's shell, so an echo of our own typing cannot match.
            type(c, "\r");
            long deadline = System.nanoTime() + SETTLE.toNanos();
            boolean answered = false;
            while (!answered && System.nanoTime() < deadline) {
                type(c, "echo VD-CONSOLE-$((6*7))\r");
                answered = readUntil(c.input(), seen, "VD-CONSOLE-42", Duration.ofSeconds(15));
            }
            assertTrue(answered, "guest shell answered on the console; saw: " + tail(seen));
            c.output().write(0x1d); // Ctrl-]: xl console must let go, ending the channel
            c.output().flush();
            assertTrue(readUntilEnd(c.input(), Duration.ofSeconds(60)), "xl console did not detach on Ctrl-]");
        } finally {
            c.close();
        }
        await(Duration.ofSeconds(60), "no xl console left in dom0",
                () -> sh("pgrep", "-x", "xenconsole").exitCode() == 1); // xl console execs xenconsole
        assertEquals(VmState.RUNNING, driver.details(vm).state(), "detaching leaves the guest running");
    }

    @Test
    @Order(9)
    void gracefulShutdownEndsShutOff() {
        ensureRunning();
        awaitBanner(1);
        OpResult r = driver.shutdown(vm, new ShutdownRequest(Duration.ofMinutes(3), false, true));
        assertTrue(r.message().startsWith("shut down"), r.message());
        // xl shutdown -w returns on the shutdown event and the domain's xl monitor destroys it just
        // after: the driver waits for that, so the domain is gone when shutdown returns.
        assertTrue(xlRow().isEmpty(), "domain gone from xl list when shutdown returned: " + r.message());
        assertEquals(VmState.SHUTOFF, driver.details(vm).state());
        assertTrue(sh("grep", "-q", "VD-XEN-SHUTTING-DOWN", xen.consoleLog()).ok(),
                "busybox init ran its shutdown action (graceful, not destroyed)");
    }

    @Test
    @Order(11)
    void rebootRestartsTheDomain() {
        ensureRunning();
        awaitBanner(1);
        String domid = xlRow().orElseThrow()[1];
        assertEquals("reboot requested", driver.reboot(vm).message());
        await(BOOT, "a new domain id after the reboot", () -> xlRow().map(r -> !r[1].equals(domid)).orElse(false));
        awaitBanner(2);
        assertEquals(VmState.RUNNING, driver.details(vm).state());
        assertNotEquals(domid, xlRow().orElseThrow()[1]);
    }

    @Test
    @Order(12)
    void shutdownOfAnUnresponsiveGuestEscalatesToDestroy() {
        ensureRunning();
        driver.pause(vm); // a paused guest cannot answer the shutdown request
        OpResult r = driver.shutdown(vm, new ShutdownRequest(Duration.ofSeconds(20), true, true));
        assertTrue(r.message().equals("forced after 20 s")
                || r.message().equals("forced off: the guest has no PV control interface"), r.message());
        assertTrue(r.command().contains("destroy"), r.command());
        assertTrue(xlRow().isEmpty(), "domain gone from xl list");
        assertEquals(VmState.SHUTOFF, driver.details(vm).state());
    }

    @Test
    @Order(13)
    void saveLeavesNoDomainAndStartRestoresTheSameGuest() {
        String dir = "/var/lib/xen/save";
        sh("mkdir", "-p", dir);
        sh("rm", "-f", dir + "/" + vm + ".save"); // an image left by an earlier run would be restored
        XlDriver saving = new XlDriver("xen1", ssh, dev.virtdeck.xen.Toolstack.XL, "/etc/xen", dir, false);
        ensureOff();
        dom0.truncateConsoleLog();
        saving.start(vm);
        awaitBanner(1);
        OpResult saved = saving.save(vm);
        assertEquals("saved to " + dir + "/" + vm + ".save (start restores it)", saved.message());
        assertTrue(xlRow().isEmpty(), "no domain after xl save");
        assertTrue(sh("test", "-s", dir + "/" + vm + ".save").ok(), "image written");
        assertEquals(VmState.SUSPENDED, saving.details(vm).state());
        assertEquals(VmState.SUSPENDED, find(saving.list()).orElseThrow().state());

        OpResult restored = saving.start(vm);
        assertEquals("restored from " + dir + "/" + vm + ".save", restored.message());
        assertTrue(xlRow().isPresent(), "running again");
        assertEquals(VmState.RUNNING, saving.details(vm).state());
        assertTrue(!sh("test", "-e", dir + "/" + vm + ".save").ok(), "image deleted after the restore");
        // A restore resumes the saved guest; a fresh boot would print a second banner.
        try {
            Thread.sleep(20_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals("1", sh("grep", "-c", "VD-XEN-BOOT-OK", xen.consoleLog()).stdout().strip(),
                "restored, not booted afresh");
        assertEquals("256", xlRow().orElseThrow()[2]);
        destroyQuietly();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private ExecResult sh(String... argv) {
        return dom0.sh(argv);
    }

    private Optional<String[]> xlRow() {
        return dom0.xlRow(vm);
    }

    private Optional<VmInfo> find(List<VmInfo> vms) {
        return vms.stream().filter(v -> v.name().equals(vm)).findFirst();
    }

    private void ensureOff() {
        if (xlRow().isPresent()) destroyQuietly();
        await(SETTLE, vm + " gone", () -> xlRow().isEmpty());
    }

    /** Starts the guest from a clean state (console log emptied) unless it runs unpaused. */
    private void ensureRunning() {
        Optional<String[]> row = xlRow();
        if (row.isPresent() && row.get()[4].contains("p")) driver.resume(vm);
        if (row.isPresent()) return;
        driver.start(vm);
    }

    private void destroyQuietly() {
        sh("xl", "destroy", vm);
        dom0.truncateConsoleLog();
    }

    private void removeAttachedImages() {
        sh("sh", "-c", "rm -f /var/lib/virtdeck-xen/vd-xen-xvd*.img");
    }

    private void awaitBanner(int count) {
        dom0.awaitBanner(count);
    }

    private int blockDevices() {
        return dom0.blockDevices(vm);
    }

    /** Linux's xvd device number: 202 << 8 | index << 4 (xvdb = 51728). */
    private static int vdevId(String vdev) {
        return 202 << 8 | (vdev.charAt(3) - 'a') << 4;
    }

    private static long infoNumber(String info, String key) {
        for (String line : info.split("\n")) {
            String[] kv = line.split(":", 2);
            if (kv.length == 2 && kv[0].strip().equals(key)) return Long.parseLong(kv[1].strip());
        }
        throw new AssertionError("xl info lacks " + key + ":\n" + info);
    }

    private static void await(Duration bound, String what, BooleanSupplier ok) {
        XenDom0.await(bound, what, ok);
    }

    private static void type(ConsoleStream c, String text) throws IOException {
        c.output().write(text.getBytes(StandardCharsets.US_ASCII));
        c.output().flush();
    }

    private static boolean readUntil(InputStream in, StringBuilder seen, String marker, Duration bound)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            int n = in.available();
            if (n > 0) {
                int r = in.read(buf, 0, Math.min(n, buf.length));
                if (r > 0) seen.append(new String(buf, 0, r, StandardCharsets.UTF_8));
                // The echo of our typing holds "$((6*7))", never the evaluated answer.
                if (seen.indexOf(marker) >= 0) return true;
            } else {
                Thread.sleep(100);
            }
        }
        return false;
    }

    /** Drains until EOF (the channel closed), bounded; read() blocks, so it runs on a helper thread. */
    private static boolean readUntilEnd(InputStream in, Duration bound) throws InterruptedException {
        List<Boolean> ended = new ArrayList<>();
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try {
                while (in.read(buf) >= 0) {
                    // discard
                }
                synchronized (ended) {
                    ended.add(true);
                }
            } catch (IOException e) {
                synchronized (ended) {
                    ended.add(true);
                }
            }
        }, "console-drain");
        t.setDaemon(true);
        t.start();
        t.join(bound.toMillis());
        synchronized (ended) {
            return !ended.isEmpty();
        }
    }

    private static String tail(StringBuilder s) {
        return s.length() <= 600 ? s.toString() : s.substring(s.length() - 600);
    }
}
