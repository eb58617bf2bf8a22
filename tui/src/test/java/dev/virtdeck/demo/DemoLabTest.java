package dev.virtdeck.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.cli.Env;
import dev.virtdeck.cli.Main;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.fleet.DefaultDriverOpener;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.FleetOptions;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.inventory.HostResolver;
import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.InventoryLoader;
import dev.virtdeck.inventory.Overrides;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.inventory.SshConfig;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.ssh.SshTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo lab through the real CLI, the real SSH client and the real drivers. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoLabTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static DemoLab lab;

    record Run(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    @BeforeAll
    static void startLab() throws Exception {
        lab = DemoLab.start();
    }

    @AfterAll
    static void stopLab() {
        if (lab != null) lab.close();
    }

    static Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return raw(all.toArray(String[]::new));
    }

    static Run raw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** name -> VM JSON of one host. */
    static Map<String, JsonNode> vms(JsonNode list, String host) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode vm : list.get("vms")) if (vm.get("host").asText().equals(host)) out.put(vm.get("name").asText(), vm);
        return out;
    }

    static JsonNode host(JsonNode list, String host) {
        for (JsonNode h : list.get("hosts")) if (h.get("host").asText().equals(host)) return h;
        throw new AssertionError("host " + host + " not in " + list);
    }

    @Test
    void listShowsTheKvmVmsInEveryStateThroughTheVirshDriver() throws Exception {
        Run r = cli("list", "-o", "json");
        JsonNode root = r.json();
        assertEquals(List.of("kvm1", "xen1", "vbox1", "xcp1", "xcp2"), root.get("hosts").findValuesAsText("host"));
        JsonNode kvm = host(root, "kvm1");
        assertTrue(kvm.get("ok").asBoolean(), kvm.toString());
        Map<String, JsonNode> vms = vms(root, "kvm1");
        assertEquals(Map.of("web-1", "running", "web-2", "running", "db-1", "paused", "build-runner", "shutoff",
                "archive", "suspended", "legacy-app", "crashed"), states(vms), r.out());
        JsonNode web2 = vms.get("web-2");
        assertEquals("libvirt", web2.get("driver").asText());
        assertEquals(2, web2.get("vcpus").asInt());
        assertEquals(4, web2.get("maxVcpus").asInt());
        assertEquals(1536, web2.get("memoryMiB").asInt());
        assertEquals(2048, web2.get("maxMemoryMiB").asInt());
        assertEquals(lab.host("kvm1").vm("web-2").uuid(), web2.get("uuid").asText());
    }

    @Test
    void aHostWhoseDriverIsNotImplementedShowsThatErrorInsteadOfVanishing() throws Exception {
        Run r = cli("list", "-o", "json");
        JsonNode xen = host(r.json(), "xen1");
        if (new DefaultDriverOpener().implemented("xl")) {
            assertTrue(xen.get("ok").asBoolean(), xen.toString());
            assertEquals(4, vms(r.json(), "xen1").size(), r.out());
        } else {
            assertFalse(xen.get("ok").asBoolean(), xen.toString());
            assertEquals("driver xl is not implemented yet", xen.get("error").asText());
            assertEquals(1, r.code(), "a host that cannot be listed makes list exit 1");
            assertTrue(r.err().contains("virtdeck: xen1: driver xl is not implemented yet"), r.err());
        }
    }

    @Test
    void theVirtualBoxVmsAreListedOnceTheVboxDriverExists() throws Exception {
        Run r = cli("list", "-o", "json");
        JsonNode vbox = host(r.json(), "vbox1");
        if (!new DefaultDriverOpener().implemented("vbox")) {
            assertEquals("driver vbox is not implemented yet", vbox.get("error").asText());
            return;
        }
        assertTrue(vbox.get("ok").asBoolean(), vbox.toString() + r.err());
        Map<String, JsonNode> vms = vms(r.json(), "vbox1");
        assertEquals(Map.of("Windows 11", "running", "dev box", "suspended", "ci-runner", "shutoff",
                "old-test", "crashed"), states(vms), r.out());
        assertEquals(8192, vms.get("Windows 11").get("maxMemoryMiB").asInt());
        assertEquals("vbox", vms.get("Windows 11").get("driver").asText());
    }

    @Test
    void startAndPoweroffChangeTheSimulatedVmsState() throws Exception {
        var vm = lab.host("kvm1").vm("build-runner");
        vm.state(VmPowerState.POWEROFF);
        try {
            Run r = cli("start", "kvm1:build-runner", "-o", "json");
            assertEquals(0, r.code(), r.out() + r.err());
            assertEquals("ok", r.json().get("results").get(0).get("outcome").asText());
            assertEquals(VmPowerState.RUNNING, vm.state());
            assertEquals("running", states(vms(cli("list", "kvm1:*", "-o", "json").json(), "kvm1")).get("build-runner"));

            r = cli("poweroff", "kvm1:build-runner", "-o", "json");
            assertEquals(0, r.code(), r.out() + r.err());
            assertEquals(VmPowerState.POWEROFF, vm.state());
            assertEquals("shutoff", states(vms(cli("list", "kvm1:*", "-o", "json").json(), "kvm1")).get("build-runner"));
        } finally {
            vm.state(VmPowerState.POWEROFF);
        }
    }

    @Test
    void theKvmConsoleAnswersThroughTheDriverApi() throws Exception {
        Inventory inv = InventoryLoader.load(lab.inventory());
        HostResolver resolver = new HostResolver(inv, SshConfig.empty(), new Overrides(null, null));
        ResolvedHost kvm = resolver.resolve(inv.host("kvm1").orElseThrow());
        SshPool pool = new SshPool(Trace.NONE, Prompter.NONE, null);
        FleetOptions options = new FleetOptions(4, false, SshTarget.DEFAULT_CONNECT_TIMEOUT, SshTarget.DEFAULT_COMMAND_TIMEOUT);
        try (Fleet fleet = new Fleet(options, pool::connect, new DefaultDriverOpener(), Trace.NONE, pool)) {
            Listing listing = fleet.list(List.of(kvm));
            HostStatus status = listing.hosts().get(0);
            assertTrue(status.ok(), status.toString());
            HypervisorDriver driver = fleet.drivers("kvm1").get(0);
            try (ConsoleStream console = driver.console("web-1", false)) {
                console.output().write("echo hi\n".getBytes(StandardCharsets.UTF_8));
                console.output().flush();
                String seen = readUntil(console.input(), "\nhi", 20);
                assertTrue(seen.contains("echo hi"), "the guest tty echoes the input: " + seen);
            }
        }
    }

    @Test
    void demoListRunsListOnAFreshLabAndDeletesItsFiles() throws Exception {
        List<Path> before = demoDirs();
        Run r = raw("demo", "--list", "-o", "json");
        JsonNode root = r.json();
        assertEquals(List.of("kvm1", "xen1", "vbox1", "xcp1", "xcp2"), root.get("hosts").findValuesAsText("host"));
        assertEquals("running", states(vms(root, "kvm1")).get("web-1"));
        assertEquals(new DefaultDriverOpener().implemented("xl") ? 0 : 1, r.code(), r.err());
        List<Path> left = demoDirs();
        left.removeAll(before);
        assertEquals(List.of(), left, "temporary files removed");
    }

    @Test
    void printInventoryServesTheLabUntilStdinCloses() throws Exception {
        PipedOutputStream stdinWriter = new PipedOutputStream();
        InputStream stdin = new PipedInputStream(stdinWriter);
        PipedOutputStream outWriter = new PipedOutputStream();
        PipedInputStream outReader = new PipedInputStream(outWriter);
        PrintStream out = new PrintStream(outWriter, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Env env = new Env(stdin, out, errStream, false, Env.system(out, errStream).fleets(), null);
        CompletableFuture<Integer> demo = CompletableFuture.supplyAsync(
                () -> Main.run(new String[] {"demo", "--print-inventory"}, env));
        Path inventory = Path.of(readUntil(outReader, "\n", 30).strip());
        assertTrue(Files.isRegularFile(inventory), inventory.toString());

        Run r = raw("-i", inventory.toString(), "list", "kvm1:*", "-o", "json");
        assertEquals(0, r.code(), r.err());
        assertEquals(6, vms(r.json(), "kvm1").size(), r.out());
        assertFalse(demo.isDone(), "the lab keeps running while stdin is open");

        stdinWriter.close();
        assertEquals(0, demo.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(inventory.getParent()), "temporary directory deleted");
    }

    @Test
    void withoutATerminalTheDemoExplainsTheScriptOptions() {
        Run r = raw("demo");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--print-inventory"), r.err());
        assertTrue(r.err().contains("--list"), r.err());
    }

    @Test
    void theGeneratedKeyIsAnOpenSshKeyThatSshKeygenReads() throws Exception {
        String pub = Files.readString(lab.identity().resolveSibling("id_ed25519.pub")).strip();
        assertTrue(pub.startsWith("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI"), pub);
        assertTrue(Files.readString(lab.identity()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
        if (!Files.isExecutable(Path.of("/usr/bin/ssh-keygen"))) return; // sshj reading it is proved above
        Process p = new ProcessBuilder("ssh-keygen", "-y", "-f", lab.identity().toString()).redirectErrorStream(true).start();
        String derived = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), derived);
        assertEquals(pub.substring(0, pub.lastIndexOf(' ')), derived.split(" ")[0] + " " + derived.split(" ")[1]);
    }

    @Test
    void theKeyAndItsDirectoryArePrivateAndTheInventoryQuotesPaths() throws Exception {
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(lab.dir())));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(lab.identity())));
        String inv = Files.readString(lab.inventory());
        assertTrue(inv.contains("  identity: '" + lab.identity() + "'\n"), inv);
        assertTrue(inv.contains("    libvirt: {transport: virsh}\n"), "the sim has no virt-ssh-helper: " + inv);
        assertEquals("'it''s a #path: x'", DemoInventory.quote("it's a #path: x"));
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, String> states(Map<String, JsonNode> vms) {
        Map<String, String> out = new HashMap<>();
        vms.forEach((name, vm) -> out.put(name, vm.get("state").asText()));
        return out;
    }

    /** Reads until {@code marker} appears (or fails after the timeout), returning what was read. */
    static String readUntil(InputStream in, String marker, int seconds) throws Exception {
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            StringBuilder sb = new StringBuilder();
            try {
                int b;
                while ((b = in.read()) >= 0) {
                    sb.append((char) b);
                    if (sb.toString().replace("\r", "").contains(marker)) return sb.toString();
                }
            } catch (Exception e) {
                return sb + " [" + e + "]";
            }
            return sb + " [EOF]";
        });
        String s = f.get(seconds, TimeUnit.SECONDS);
        assertTrue(s.replace("\r", "").contains(marker), "expected '" + marker + "' in: " + s);
        return s;
    }

    static List<Path> demoDirs() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> out = new ArrayList<>();
        try (var s = Files.list(tmp)) {
            s.filter(p -> p.getFileName().toString().startsWith("virtdeck-demo-")).forEach(out::add);
        }
        return out;
    }
}
