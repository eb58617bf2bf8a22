package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.fleet.DefaultDriverOpener;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.term.ConsoleSession;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Containers through libvirt's LXC driver, through the CLI, against the lab's busybox container
 * {@code vd-lxc} (lab/setup.sh) on host {@code lxc1} of {@code inventory-lxc.yaml}, whose drivers
 * are {@code [libvirt, lxc]}: the lab's VMs and its containers in one view. Every change is checked
 * with a local {@code virsh -c lxc:///system}. The container is left shut off.
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabLxcCliTest {
    static final String URI = "lxc:///system";

    @TempDir
    Path dir;
    LabEnv lab;
    String ct;
    Path inventory;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        ct = lab.var("LAB_LXC_GUEST");
        assertTrue(ct != null && !ct.isEmpty(), "lab.env has no LAB_LXC_GUEST: lab/setup.sh could not build the"
                + " container (its log says why: LXC driver, cgroups, console or shutdown check)");
        inventory = Path.of(lab.var("LAB_LXC_INVENTORY"));
        destroy(ct);
    }

    @AfterEach
    void leaveItOff() {
        if (ct != null && !ct.isEmpty()) destroy(ct);
    }

    @Test
    void listShowsTheContainerBesideTheVmsOfTheSameHost() throws Exception {
        LabCliTest.Run r = cli(null, "list", "-o", "json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode root = r.json();
        assertEquals("[\"libvirt\",\"lxc\"]", root.get("hosts").get(0).get("drivers").toString());
        JsonNode c = vm(root, ct);
        assertEquals("lxc", c.get("driver").asText(), c.toString());
        assertEquals("shutoff", c.get("state").asText(), c.toString());
        assertEquals(128, c.get("maxMemoryMiB").asInt(), c.toString());
        assertTrue(c.get("persistent").asBoolean(), c.toString());
        assertEquals("libvirt", vm(root, lab.guestDeaf()).get("driver").asText(), "the VMs are listed too");
    }

    @Test
    void startConsoleLimitMemoryAndShutDown() throws Exception {
        String sel = "lxc1:" + ct;
        LabCliTest.assertOk(cli(null, "start", sel), sel);
        assertEquals("running", domstate(ct));

        // console: a command typed in the container's shell is answered; Ctrl-] leaves
        ConsoleRun con = console(sel, "echo vd-$((6*7))-lxc; cat /proc/1/cmdline", "vd-42-lxc");
        assertEquals(0, con.code(), con.out() + con.err());
        assertTrue(con.out().contains("vd-42-lxc"), con.out());
        assertTrue(con.out().contains("/sbin/init"), "the shell runs inside the container (its PID 1): " + con.out());
        assertTrue(con.err().contains("Disconnected from " + sel), con.err());

        // memory: libvirt applies a live limit to the container's memory cgroup at once
        LabCliTest.assertOk(cli(null, "set-memory", sel, "64M", "--live"), sel);
        assertTrue(exec("virsh", "-c", URI, "memtune", ct).matches("(?s).*hard_limit\\s*:\\s*65536\\b.*"),
                exec("virsh", "-c", URI, "memtune", ct));
        JsonNode listed = vm(cli(null, "list", "-o", "json").json(), ct);
        assertEquals(64, listed.get("memoryMiB").asInt(), listed.toString());

        // vCPUs: refused with the driver's reason, nothing sent
        LabCliTest.Run v = cli(null, "set-vcpus", sel, "2");
        assertEquals(1, v.code(), v.out() + v.err());
        assertTrue((v.out() + v.err()).contains("set-vcpus is not supported: libvirt's LXC driver cannot change vCPUs"),
                v.out() + v.err());

        // shutdown: SIGTERM to the container's init, which powers it off
        LabCliTest.assertOk(cli(null, "shutdown", sel, "--timeout", "30"), sel);
        assertEquals("shut off (shutdown)", exec("virsh", "-c", URI, "domstate", "--reason", ct).strip());
    }

    @Test
    void snapshotsAndDisksAreRefusedWithTheReason() {
        LabCliTest.Run s = cli(null, "snapshot", "create", "lxc1:" + ct, "s1");
        assertEquals(1, s.code(), s.out() + s.err());
        assertTrue((s.out() + s.err()).contains("libvirt's LXC driver has no snapshots"), s.out() + s.err());
        LabCliTest.Run d = cli(null, "attach-disk", "lxc1:" + ct, "--size", "16M");
        assertEquals(1, d.code(), d.out() + d.err());
        assertTrue((d.out() + d.err()).contains("a container has no virtual disks"), d.out() + d.err());
    }

    @Test
    void createFromTheLabRootfsStartsAContainerOfItsOwnAndDeleteLeavesTheDirectory() throws Exception {
        String name = "vdlxc-create";
        String rootfs = lab.var("LAB_LXC_ROOTFS");
        String sel = "lxc1:" + name;
        remove(name);
        try {
            LabCliTest.Run r = cli(null, "create", "lxc1", name, "--vcpus", "1", "--memory", "96M", "--rootfs", rootfs,
                    "--network", "none", "--start", "-o", "json");
            LabCliTest.assertOk(r, sel);
            assertTrue(r.json().get("results").get(0).get("message").asText()
                    .startsWith("created and started (container, root filesystem " + rootfs), r.out());
            assertEquals("running", domstate(name));
            String xml = exec("virsh", "-c", URI, "dumpxml", name);
            assertTrue(xml.contains("<source dir='" + rootfs + "'/>") && xml.contains("<privnet/>"), xml);
            assertTrue(exec("virsh", "-c", URI, "memtune", name).matches("(?s).*hard_limit\\s*:\\s*98304\\b.*"),
                    "the limit at start is the container's memory");
            // its own network namespace: only loopback
            ConsoleRun con = console(sel, "echo vd-$((6*7))-new; ls /sys/class/net", "vd-42-new");
            assertTrue(con.out().contains("vd-42-new"), con.out());
            assertTrue(con.out().matches("(?s).*vd-42-new\\s+lo\\s.*"), "only lo: " + con.out());

            LabCliTest.Run again = cli(null, "create", "lxc1", name, "--vcpus", "1", "--memory", "96M", "--rootfs", rootfs);
            assertEquals(1, again.code(), again.out() + again.err());
            assertTrue((again.out() + again.err()).contains("a VM with this name already exists"), again.out() + again.err());

            LabCliTest.assertOk(cli(null, "delete", sel, "--force", "--with-disks"), sel);
            assertFalse(exec("virsh", "-c", URI, "list", "--all", "--name").lines().anyMatch(l -> l.strip().equals(name)));
            assertTrue(Files.isExecutable(Path.of(rootfs, "sbin/init")), "the root filesystem stays");
        } finally {
            remove(name);
        }
    }

    @Test
    void createRefusesADirectoryWithoutAnInitAndAVmOnlyOption() throws Exception {
        String name = "vdlxc-noinit";
        remove(name);
        LabCliTest.Run r = cli(null, "create", "lxc1", name, "--vcpus", "1", "--memory", "64M", "--rootfs", dir.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains("no executable " + dir + "/sbin/init on the host"), r.out() + r.err());
        LabCliTest.Run max = cli(null, "create", "lxc1", name, "--vcpus", "1", "--memory", "64M/128M", "--rootfs",
                lab.var("LAB_LXC_ROOTFS"));
        assertEquals(1, max.code(), max.out() + max.err());
        assertTrue((max.out() + max.err()).contains("give --memory SIZE, no maximum"), max.out() + max.err());
        assertFalse(exec("virsh", "-c", URI, "list", "--all", "--name").lines().anyMatch(l -> l.strip().equals(name)));
    }

    // ---------------------------------------------------------------- helpers

    static JsonNode vm(JsonNode listing, String name) {
        for (JsonNode v : listing.get("vms")) if (name.equals(v.get("name").asText())) return v;
        throw new AssertionError(name + " not listed: " + listing);
    }

    LabCliTest.Run cli(InputStream in, String... args) {
        List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliReal(in, dir.resolve("no-ssh-config"), all.toArray(String[]::new));
    }

    record ConsoleRun(int code, String out, String err) {
    }

    /**
     * {@code console SELECTOR} with piped keystrokes: {@code line}, then (once {@code answer} shows
     * on stdout) Ctrl-]. Input never ends after that, so only the escape can end the session.
     */
    ConsoleRun console(String sel, String line, String answer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch release = new CountDownLatch(1);
        InputStream keys = new InputStream() {
            private byte[] pending = (line + "\r").getBytes(StandardCharsets.UTF_8);
            private int pos;
            private boolean escaped;

            @Override
            public int read() {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                try {
                    if (pos < pending.length) {
                        int n = Math.min(len, pending.length - pos);
                        System.arraycopy(pending, pos, b, off, n);
                        pos += n;
                        return n;
                    }
                    if (!escaped) {
                        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!out.toString(StandardCharsets.UTF_8).contains(answer) && System.nanoTime() < end) {
                            Thread.sleep(100);
                        }
                        escaped = true;
                        b[off] = (byte) ConsoleSession.ESCAPE;
                        return 1;
                    }
                    release.await();
                    return -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
        };
        List<String> args = List.of("-i", inventory.toString(), "console", sel);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> {
            FleetFactory real = (options, trace, prompter) -> {
                SshPool pool = new SshPool(trace, prompter, null);
                return new Fleet(options, pool::connect, new DefaultDriverOpener(), trace, pool);
            };
            Env env = new Env(keys, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false, real, dir.resolve("no-ssh-config"));
            return Main.run(args.toArray(String[]::new), env);
        });
        try {
            int code = run.get(90, TimeUnit.SECONDS);
            return new ConsoleRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            release.countDown();
        }
    }

    static String domstate(String name) throws Exception {
        return exec("virsh", "-c", URI, "domstate", name).strip();
    }

    /** Destroys and undefines a container this test made (quiet when it is not there). */
    static void remove(String name) {
        destroy(name);
        try {
            exec("virsh", "-c", URI, "undefine", name);
        } catch (Exception e) {
            // not defined
        }
    }

    static void destroy(String name) {
        try {
            if (!domstate(name).equals("shut off")) exec("virsh", "-c", URI, "destroy", name);
        } catch (Exception e) {
            // best effort: it may be off already
        }
    }

    static String exec(String... cmd) throws Exception {
        return LabCliTest.exec(cmd);
    }
}
