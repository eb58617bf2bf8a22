package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.xen.lab.XenDom0;
import dev.virtdeck.xen.lab.XenLabEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI ({@link Main#run}) against the REAL Xen host of lab/xen, through its inventory
 * ($LAB/inventory-xen.yaml, host {@code xen1}, driver xl). Each change is checked with xl itself over
 * a separate SSH connection. Xen runs under QEMU TCG: generous bounds, polling, no latency checks.
 * The guest is left shut off.
 */
@Tag("xen")
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XenLabCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = XenDom0.SETTLE;
    private static final Duration BOOT = XenDom0.BOOT;

    private XenLabEnv xen;
    private SshPool pool;
    private SshHost ssh;
    private XenDom0 dom0;
    private String vm;
    private String target;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }

        String message() throws IOException {
            return json().get("results").get(0).get("message").asText();
        }
    }

    @BeforeAll
    void open() {
        xen = XenLabEnv.require();
        vm = xen.guest();
        target = "xen1:" + vm;
        pool = new SshPool(Trace.NONE, Prompter.NONE);
        ssh = pool.connect(xen.target());
        dom0 = new XenDom0(ssh, xen);
        destroy();
    }

    @AfterAll
    void close() {
        if (ssh != null) destroy();
        if (pool != null) pool.close();
    }

    @Test
    @Order(1)
    void hostInfoShowsDom0Facts() throws IOException {
        Run r = cli("host-info", "xen1", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode i = r.json().get("info").get(0);
        assertEquals("Xen", i.get("hypervisor").asText(), i.toString());
        assertTrue(i.get("hypervisorVersion").asText().startsWith("4.17"), i.toString());
        assertEquals(2, i.get("cpus").asInt());
        assertTrue(i.get("memoryTotalMiB").asLong() >= 1900, i.toString());
        assertTrue(i.get("memoryFreeMiB").asLong() > 0, i.toString());
        assertEquals("1024 MiB", i.get("extra").get("dom0 memory").asText(), i.toString());
    }

    /** host-check on the real dom0: Xen ready from /sys/hypervisor and /proc/xen (issue 15). */
    @Test
    @Order(1)
    void hostCheckSaysTheDom0IsReadyForXen() throws IOException {
        Run r = cli("host-check", "xen1", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode xen = HostCheckSimCliTest.check(r.json().get("hosts").get(0), "xen");
        assertEquals("ready", xen.get("verdict").asText(), xen.toString());
        String ev = xen.get("evidence").toString();
        assertTrue(ev.contains("running on hypervisor: xen 4.17"), ev);
        assertTrue(ev.contains("/proc/xen/capabilities: control_d"), ev);
        assertTrue(ev.contains("Xen toolstack: xl"), ev);
    }

    @Test
    @Order(2)
    void listShowsTheGuestShutOffThenRunningWithItsMemoryAndVcpus() throws IOException {
        JsonNode off = listed().orElseThrow(() -> new AssertionError(vm + " not listed"));
        assertEquals("shutoff", off.get("state").asText(), off.toString());
        assertEquals("xl", off.get("driver").asText());

        assertOk(cli("start", target, "-o", "json"));
        // While the guest kernel boots, every possible vCPU is briefly online (xl list shows 2)
        // until its Xen hotplug watcher offlines the unavailable one: compare in steady state.
        awaitBanner(1);
        String[] row = xlRow().orElseThrow(() -> new AssertionError("xl list lacks " + vm));
        JsonNode on = listed().orElseThrow();
        assertEquals("running", on.get("state").asText(), on.toString());
        assertEquals(Long.parseLong(row[2]), on.get("memoryMiB").asLong());
        assertEquals(256, on.get("memoryMiB").asInt());
        assertEquals(512, on.get("maxMemoryMiB").asInt());
        assertEquals(1, on.get("vcpus").asInt());
        assertEquals(2, on.get("maxVcpus").asInt());
        Run again = cli("start", target, "-o", "json");
        assertOk(again);
        assertTrue(again.message().contains("already"), again.out());
    }

    @Test
    @Order(3)
    void pauseResumeMemoryVcpusAndDiskChangeTheRealDomain() throws IOException {
        ensureRunning();
        assertOk(cli("pause", target, "-o", "json"));
        assertTrue(xlRow().orElseThrow()[4].contains("p"), "paused in xl list");
        assertOk(cli("resume", target, "-o", "json"));
        assertTrue(!xlRow().orElseThrow()[4].contains("p"), "running in xl list");

        assertOk(cli("set-memory", target, "128M", "-o", "json"));
        await(SETTLE, "xl list shows 128 MiB", () -> "128".equals(xlRow().orElseThrow()[2]));
        Run beyond = cli("set-memory", target, "1G", "-o", "json");
        assertEquals(1, beyond.code(), beyond.out() + beyond.err());
        assertTrue(beyond.message().contains("maxmem"), beyond.out());
        assertEquals("128", xlRow().orElseThrow()[2]);

        assertOk(cli("set-vcpus", target, "2", "-o", "json"));
        await(SETTLE, "xl list shows 2 vCPUs", () -> "2".equals(xlRow().orElseThrow()[3]));
        Run tooMany = cli("set-vcpus", target, "3", "-o", "json");
        assertEquals(1, tooMany.code(), tooMany.out() + tooMany.err());
        assertTrue(tooMany.message().contains("maximum") || tooMany.message().contains("physical CPUs"),
                tooMany.out());

        int before = blockDevices();
        assertOk(cli("attach-disk", target, "--size", "16M", "-o", "json"));
        await(SETTLE, "xl block-list shows the new disk", () -> blockDevices() == before + 1);
    }

    @Test
    @Order(4)
    void gracefulShutdownStartRebootAndPoweroff() throws IOException {
        ensureRunning();
        awaitBanner(1);
        Run down = cli("shutdown", target, "--timeout", "180", "-o", "json");
        assertOk(down);
        assertTrue(down.message().startsWith("shut down"), down.out());
        assertTrue(xlRow().isEmpty(), "domain gone from xl list when shutdown returned");
        assertTrue(sh("grep", "-q", "VD-XEN-SHUTTING-DOWN", xen.consoleLog()).ok(), "busybox init shut down");
        assertEquals("shutoff", listed().orElseThrow().get("state").asText());

        truncateConsoleLog();
        assertOk(cli("start", target, "-o", "json"));
        awaitBanner(1);
        String domid = xlRow().orElseThrow()[1];
        assertOk(cli("reboot", target, "-o", "json"));
        await(BOOT, "a new domain id after the reboot", () -> xlRow().map(r -> !r[1].equals(domid)).orElse(false));
        assertNotEquals(domid, xlRow().orElseThrow()[1]);

        assertOk(cli("poweroff", target, "-o", "json"));
        assertTrue(xlRow().isEmpty(), "destroyed");
        assertEquals("shutoff", listed().orElseThrow().get("state").asText());
    }

    /**
     * Quotes, $(...), ;, &, |, <, > and spaces: each would run something if pasted into a shell line
     * (the canaries land in the login's home directory, /root). No '/': xl itself cannot start such
     * a domain (its log file is /var/log/xen/xl-NAME.log), which create refuses, tested below.
     */
    static final String HOSTILE = "vd x';touch vd-canary-1;'$(touch vd-canary-2)&|<>`touch vd-canary-3`";

    @Test
    @Order(5)
    void hostileNamedGuestIsCreatedStartedStoppedAndDeletedWithoutInjection() throws IOException {
        String t = "xen1:" + HOSTILE;
        sh("sh", "-c", "rm -f vd-canary-* /tmp/vd-canary-*");
        Run created = cli("create", "xen1", HOSTILE, "--vcpus", "1", "--memory", "96M", "--disk", "16M",
                "--kernel", "/var/lib/virtdeck-xen/vmlinuz", "--initrd", "/var/lib/virtdeck-xen/initrd.gz",
                "--cmdline", "console=hvc0", "--start", "-o", "json");
        assertOk(created);
        String cfg = created.message().replaceAll("(?s).*\\((/[^,)]+\\.cfg).*", "$1");
        String disk = created.message().replaceAll("(?s).*disk (/[^,)]+\\.img).*", "$1");
        assertTrue(cfg.startsWith("/etc/xen/") && disk.endsWith(".img"), created.message());
        // xl itself knows the domain by its exact name, and the config file names it exactly.
        assertTrue(sh("xl", "domid", HOSTILE).ok(), "xl domid finds the exact name");
        assertTrue(sh("grep", "-qF", HOSTILE, cfg).ok(), "config holds the exact name");
        assertTrue(sh("test", "-f", disk).ok(), "disk image created");
        JsonNode on = listed(HOSTILE).orElseThrow(() -> new AssertionError("not listed: " + HOSTILE));
        assertEquals("running", on.get("state").asText(), on.toString());
        assertEquals(96, on.get("memoryMiB").asInt(), on.toString());

        assertOk(cli("pause", t, "-o", "json"));
        assertEquals("paused", listed(HOSTILE).orElseThrow().get("state").asText());
        assertOk(cli("resume", t, "-o", "json"));
        assertOk(cli("poweroff", t, "-o", "json"));
        assertTrue(!sh("xl", "domid", HOSTILE).ok(), "destroyed");
        assertEquals("shutoff", listed(HOSTILE).orElseThrow().get("state").asText(), "still known from its config");
        assertOk(cli("start", t, "-o", "json"));
        assertTrue(sh("xl", "domid", HOSTILE).ok(), "started again from its config file");
        assertOk(cli("delete", t, "--with-disks", "--force", "-o", "json"));
        assertTrue(!sh("xl", "domid", HOSTILE).ok(), "domain gone");
        assertTrue(!sh("test", "-e", cfg).ok(), "config removed: " + cfg);
        assertTrue(!sh("test", "-e", disk).ok(), "disk removed: " + disk);
        assertTrue(listed(HOSTILE).isEmpty(), "no longer listed");
        String canaries = sh("sh", "-c", "ls vd-canary-* /tmp/vd-canary-* 2>/dev/null; true").stdout();
        assertEquals("", canaries.strip(), "nothing in the name ran in dom0");

        Run slash = cli("create", "xen1", "vd/x", "--vcpus", "1", "--memory", "96M",
                "--kernel", "/var/lib/virtdeck-xen/vmlinuz", "--initrd", "/var/lib/virtdeck-xen/initrd.gz",
                "--start", "-o", "json");
        assertEquals(1, slash.code(), slash.out() + slash.err());
        assertTrue(slash.message().contains("'/'"), slash.out());
        assertTrue(!sh("xl", "domid", "vd/x").ok(), "nothing created for vd/x");
    }

    @Test
    @Order(6)
    void saveThroughTheInventorysSaveDirAndStartRestores() throws IOException {
        sh("mkdir", "-p", "/var/lib/xen/save"); // built into the image; a host booted from an older image lacks it
        sh("rm", "-f", "/var/lib/xen/save/" + vm + ".save");
        ensureRunning();
        awaitBanner(1);
        Run saved = cli("save", target, "-o", "json");
        assertOk(saved);
        assertTrue(saved.message().startsWith("saved to /var/lib/xen/save/" + vm + ".save"), saved.out());
        assertTrue(xlRow().isEmpty(), "no domain after save");
        assertEquals("suspended", listed().orElseThrow().get("state").asText());
        Run restored = cli("start", target, "-o", "json");
        assertOk(restored);
        assertEquals("restored from /var/lib/xen/save/" + vm + ".save", restored.message());
        assertEquals("running", listed().orElseThrow().get("state").asText());
        assertOk(cli("poweroff", target, "-o", "json"));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", xen.inventory().toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOk(Run r) throws IOException {
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("ok", r.json().get("results").get(0).get("outcome").asText(), r.out());
    }

    private Optional<JsonNode> listed() throws IOException {
        return listed(vm);
    }

    private Optional<JsonNode> listed(String name) throws IOException {
        Run r = cli("list", "-o", "json");
        assertEquals(0, r.code(), r.err());
        for (JsonNode v : r.json().get("vms")) {
            assertNotEquals("Domain-0", v.get("name").asText(), "dom0 is the host, not a VM");
            if (v.get("name").asText().equals(name)) return Optional.of(v);
        }
        return Optional.empty();
    }

    private ExecResult sh(String... argv) {
        return dom0.sh(argv);
    }

    private Optional<String[]> xlRow() {
        return dom0.xlRow(vm);
    }

    private int blockDevices() {
        return dom0.blockDevices(vm);
    }

    private void ensureRunning() {
        Optional<String[]> row = xlRow();
        if (row.isPresent() && row.get()[4].contains("p")) sh("xl", "unpause", vm);
        if (row.isEmpty()) sh("xl", "create", xen.guestCfg());
    }

    private void destroy() {
        sh("xl", "destroy", vm);
        sh("xl", "destroy", HOSTILE);
        // a config a failed run of the hostile-name test left behind (the file stem is sanitized)
        sh("sh", "-c", "grep -lF -- \"$1\" /etc/xen/*.cfg | xargs -r rm -f --", "sh", HOSTILE);
        truncateConsoleLog();
        sh("sh", "-c", "rm -f /var/lib/virtdeck-xen/vd-xen-xvd*.img");
    }

    private void truncateConsoleLog() {
        dom0.truncateConsoleLog();
    }

    private void awaitBanner(int count) {
        dom0.awaitBanner(count);
    }

    private static void await(Duration bound, String what, BooleanSupplier ok) {
        XenDom0.await(bound, what, ok);
    }
}
