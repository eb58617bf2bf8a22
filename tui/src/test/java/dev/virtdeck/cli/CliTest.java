package dev.virtdeck.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import dev.virtdeck.error.VmNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> HOST_FIELDS = List.of("host", "ok", "error", "latencyMs", "drivers");
    static final List<String> VM_FIELDS = List.of("host", "driver", "name", "uuid", "state", "nativeState", "vcpus",
            "maxVcpus", "memoryMiB", "maxMemoryMiB", "persistent");
    static final List<String> RESULT_FIELDS = List.of("target", "outcome", "message", "command", "host", "vm", "wave",
            "started", "finished");

    @TempDir
    Path dir;

    static List<String> fields(JsonNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    static JsonNode json(Harness.Result r) throws Exception {
        return JSON.readTree(r.out());
    }

    @Test
    void listJsonHasEveryFieldEvenWhenUnknown() throws Exception {
        Harness h = new Harness(dir);
        // a driver that knows almost nothing about its VM: the fields must still be there, as null
        h.drivers.put("kvm2", new FakeDriver("kvm2") {
            @Override
            public List<VmInfo> list() {
                return List.of(new VmInfo("kvm2", "libvirt", "ghost", null, VmState.UNKNOWN, null, null, null, null,
                        null, null, null));
            }
        });
        Harness.Result r = h.run("list", "-o", "json");
        assertEquals(1, r.code(), "down1 is unreachable");
        JsonNode root = json(r);
        assertEquals(List.of("hosts", "vms"), fields(root));
        assertEquals(3, root.get("hosts").size());
        for (JsonNode host : root.get("hosts")) assertEquals(HOST_FIELDS, fields(host));
        JsonNode down = root.get("hosts").get(2);
        assertEquals("down1", down.get("host").asText());
        assertFalse(down.get("ok").asBoolean());
        assertEquals("connection refused", down.get("error").asText());
        assertTrue(down.get("latencyMs").isNull());
        assertTrue(root.get("hosts").get(0).get("error").isNull());
        assertEquals("libvirt", root.get("hosts").get(0).get("drivers").get(0).asText());
        assertEquals(3, root.get("vms").size());
        for (JsonNode vm : root.get("vms")) assertEquals(VM_FIELDS, fields(vm));
        JsonNode web = root.get("vms").get(0);
        assertEquals("kvm1", web.get("host").asText());
        assertEquals("web", web.get("name").asText());
        assertEquals("shutoff", web.get("state").asText());
        assertEquals(192, web.get("memoryMiB").asInt());
        assertTrue(web.get("persistent").asBoolean());
        JsonNode ghost = root.get("vms").get(2);
        assertEquals("unknown", ghost.get("state").asText());
        for (String f : List.of("uuid", "nativeState", "vcpus", "maxVcpus", "memoryMiB", "maxMemoryMiB", "persistent")) {
            assertTrue(ghost.get(f).isNull(), f);
        }
        assertEquals("virtdeck: down1: connection refused\n", r.err());
    }

    @Test
    void listWithSelectorsShowsOnlyMatchesAndExitsZeroWhenAllHostsAnswer() throws Exception {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("list", "*:web", "-o", "json");
        assertEquals(1, r.code(), "*:web includes down1");
        h.connected.clear();
        r = h.run("list", "@rack:web", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = json(r);
        assertEquals(List.of("kvm1", "kvm2"), root.get("hosts").findValuesAsText("host"));
        assertEquals(List.of("web", "web"), root.get("vms").findValuesAsText("name"));
        assertFalse(h.connected.contains("down1"), "hosts no selector can match are not contacted");
    }

    @Test
    void listTableIsAligned() {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("list", "kvm1:*");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                HOST  NAME  STATE    VCPUS  MEMORY       DRIVER
                kvm1  web   shutoff  1/2    192/256 MiB  libvirt
                kvm1  db    shutoff  1/2    192/256 MiB  libvirt
                """, r.out());
    }

    @Test
    void actionsReportOneResultPerTargetAndExitZeroWhenAllOk() throws Exception {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("start", "@rack:web", "kvm1:db", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode results = json(r).get("results");
        // --order host (the default): host by host in inventory order, not selector order
        assertEquals(List.of("kvm1:web", "kvm1:db", "kvm2:web"), results.findValuesAsText("target"));
        for (JsonNode res : results) {
            assertEquals(RESULT_FIELDS, fields(res));
            assertEquals("ok", res.get("outcome").asText());
        }
        assertEquals("fake start web", results.get(0).get("command").asText());
        assertEquals(VmState.RUNNING, ((FakeDriver) h.drivers.get("kvm2")).state("web"));
        r = h.run("start", "kvm1:web", "-o", "json");
        assertEquals("already running", json(r).get("results").get(0).get("message").asText());
        assertEquals(0, r.code());
    }

    @Test
    void aFailingTargetAndAnUnreachableHostGiveExitOneAndNeverStopTheOthers() throws Exception {
        Harness h = new Harness(dir);
        h.drivers.put("kvm1", new FakeDriver("kvm1", "web", "db") {
            @Override
            public dev.virtdeck.driver.OpResult setMemory(String vm, long mib, Set<dev.virtdeck.driver.Scope> s, boolean max) {
                if (vm.equals("web")) {
                    throw new InvalidRequestException("kvm1", vm, "virDomainSetMemoryFlags(web, 1048576, LIVE)",
                            "1024 MiB is more than the maximum 256 MiB");
                }
                return super.setMemory(vm, mib, s, max);
            }
        });
        // options may stand between the words, as virsh allows (set-memory vm --live 2G)
        Harness.Result r = h.run("set-memory", "*:web", "-o", "json", "kvm1:db", "1G");
        assertEquals(1, r.code());
        JsonNode results = json(r).get("results");
        assertEquals(List.of("kvm1:web", "kvm1:db", "kvm2:web", "down1:web"), results.findValuesAsText("target"));
        assertEquals(List.of("failed", "ok", "ok", "failed"), results.findValuesAsText("outcome"));
        assertEquals("1024 MiB is more than the maximum 256 MiB", results.get(0).get("message").asText());
        assertEquals("virDomainSetMemoryFlags(web, 1048576, LIVE)", results.get(0).get("command").asText());
        assertEquals("connection refused", results.get(3).get("message").asText());
        assertTrue(results.get(3).get("command").isNull());
        assertTrue(results.get(2).get("message").asText().startsWith("memory set to 1024 MiB"));
        assertTrue(r.err().contains("virtdeck: kvm1: web: 1024 MiB is more than the maximum 256 MiB\n"), r.err());
        assertTrue(r.err().contains("virtdeck: down1: connection refused\n"), r.err());
    }

    @Test
    void usageErrorsExitTwoBeforeAnyHostIsContacted() {
        Harness h = new Harness(dir);
        assertUsage(h.run("set-memory", "kvm1:web", "512MB"), "invalid size '512MB'");
        assertUsage(h.run("attach-disk", "kvm1:web", "--size", "0"), "invalid size '0'");
        assertUsage(h.run("set-vcpus", "kvm1:web", "zero"), "vCPU count: expected a positive whole number");
        assertUsage(h.run("list", "--parallel", "0"), "--parallel must be at least 1");
        assertUsage(h.run("list", "--connect-timeout", "0"), "--connect-timeout must be at least 1 second, got 0");
        assertUsage(h.run("--connect-timeout", "-3", "hosts"), "--connect-timeout must be at least 1 second, got -3");
        assertUsage(h.run("demo", "--list", "--connect-timeout", "0"), "--connect-timeout must be at least 1 second");
        assertUsage(h.run("hosts", "--connect-timeout", "10s"), "Invalid value for option '--connect-timeout'");
        assertUsage(h.run("frobnicate"), "Unmatched argument");
        assertUsage(h.run("start"), "Missing required parameter");
        assertUsage(h.run("start", "kvm1:web", "--bogus"), "Unknown option: '--bogus'");
        assertUsage(h.run("list", "-o", "xml"), "Invalid value for option '--output'");
        assertUsage(h.run("shutdown", "web", "--no-wait", "--force"), "--force needs to wait");
        assertUsage(h.run("set-memory", "web", "1G", "--max", "--live"), "--max changes the configuration only");
        assertUsage(h.run("set-memory", "web", "--live", "1G", "--max"), "--max changes the configuration only");
        assertUsage(h.run("set-vcpus", "kvm1:web", "--live"), "give one or more SELECTORs, then the new VALUE");
        assertUsage(h.run("start", "kvm1:web:x"), "invalid selector 'kvm1:web:x'");
        assertUsage(h.run("host-info", "nosuch"), "unknown host 'nosuch' (inventory hosts: kvm1, kvm2, down1)");
        assertUsage(h.run("create", "kvm1", "new", "--vcpus", "1", "--memory", "128", "--kernel", "/k"),
                "give --kernel PATH and --initrd PATH");
        assertUsage(h.run("create", "kvm1", "new", "--vcpus", "1", "--memory", "128", "--iso", "/x.iso", "--kernel", "/k"),
                "--iso cannot be combined");
        assertUsage(h.run("create", "kvm1", "new", "--vcpus", "4/2", "--memory", "128", "--iso", "/x.iso"),
                "--vcpus: 4 is more than the maximum 2");
        assertUsage(h.run("create", "kvm1", "new", "--vcpus", "1", "--memory", "128", "--iso", "/x.iso", "--virt-type", "hvm"),
                "--virt-type must be kvm or qemu, not 'hvm'");
        assertEquals(0, h.fleetsCreated.get(), "no fleet for usage errors found while parsing");
        assertEquals(2, h.runRaw().code(), "no command at all");
    }

    @Test
    void theTuiRefusesABadConnectTimeoutBeforeOpening() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Env terminal = new Env(java.io.InputStream.nullInputStream(), new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()), new java.io.PrintStream(err, true), true, null, null);
        assertEquals(ExitCodes.USAGE, Main.run(new String[] {"--connect-timeout", "0"}, terminal));
        assertTrue(err.toString().contains("--connect-timeout must be at least 1 second, got 0"), err.toString());
    }

    @Test
    void connectTimeoutOptionBeatsTheHostsOwnAndWithoutItTheHostsOwnOrTenSeconds() {
        Harness h = new Harness(dir, """
                defaults: {user: root}
                hosts:
                  kvm1: {address: 10.0.0.1, connect_timeout: 40}
                  kvm2: {address: 10.0.0.2}
                """);
        assertEquals(0, h.run("--connect-timeout", "5", "hosts").code());
        assertEquals(java.time.Duration.ofSeconds(5), h.targets.get("kvm1").connectTimeout(), "the flag beats the host's own");
        assertEquals(java.time.Duration.ofSeconds(5), h.targets.get("kvm2").connectTimeout());
        assertEquals(0, h.run("list").code());
        assertEquals(java.time.Duration.ofSeconds(40), h.targets.get("kvm1").connectTimeout(), "without it: the host's own");
        assertEquals(java.time.Duration.ofSeconds(10), h.targets.get("kvm2").connectTimeout(), "else 10 s");
    }

    @Test
    void selectorsMatchingNothingAreUsageErrorsNamingTheSelector() {
        Harness h = new Harness(dir);
        assertUsage(h.run("start", "kvm1:nosuch"), "virtdeck: selector 'kvm1:nosuch' matches nothing");
        assertUsage(h.run("start", "kvm1:web", "nohost:*"), "selector 'nohost:*' matches no host of the inventory");
        assertUsage(h.run("list", "@nogroup"), "selector '@nogroup' matches no host");
    }

    @Test
    void consoleNeedsExactlyOneTarget() {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("console", "@rack:web");
        assertUsage(r, "selector '@rack:web' is ambiguous: it matches kvm1:web, kvm2:web");
    }

    @Test
    void malformedInventoryIsAUsageErrorWithFileLineColumn() {
        Harness h = new Harness(dir, "hosts:\n  kvm1: {address: 10.0.0.1, colour: blue}\n");
        Harness.Result r = h.run("list");
        assertEquals(2, r.code());
        assertTrue(r.err().matches("(?s)virtdeck: " + java.util.regex.Pattern.quote(h.inventory.toString())
                + ":2:\\d+: .*colour.*\n"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void missingInventoryIsAUsageError() {
        Harness h = new Harness(dir);
        Harness.Result r = h.runRaw("-i", dir.resolve("absent.yaml").toString(), "hosts");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("virtdeck: " + dir.resolve("absent.yaml")), r.err());
    }

    @Test
    void hostsReportsEachHostAndExitsOneWhenOneIsDown() throws Exception {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("hosts", "-o", "json");
        assertEquals(1, r.code());
        JsonNode hosts = json(r).get("hosts");
        assertEquals(List.of("kvm1", "kvm2", "down1"), hosts.findValuesAsText("host"));
        for (JsonNode host : hosts) {
            assertEquals(List.of("host", "ok", "error", "latencyMs", "drivers", "transport"), fields(host));
        }
        assertTrue(hosts.get(1).get("ok").asBoolean());
        assertTrue(hosts.get(1).get("latencyMs").isIntegralNumber(), "hosts measures latency: " + hosts.get(1));
        assertEquals("libvirt", hosts.get(1).get("drivers").get(0).asText(), "kvm2 auto-detected virsh");
        r = h.run("hosts");
        assertTrue(r.out().startsWith("HOST   ADDRESS           STATUS  LATENCY  DRIVERS  TRANSPORT\n"), r.out());
        assertTrue(r.out().contains("\ndown1  root@10.0.0.9:22  error   -        -        -\n"), r.out());
    }

    @Test
    void hostInfoJsonCarriesTheFacts() throws Exception {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("host-info", "kvm1", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = json(r);
        assertTrue(root.get("ok").asBoolean());
        JsonNode info = root.get("info").get(0);
        assertEquals("QEMU", info.get("hypervisor").asText());
        assertTrue(info.get("devKvm").asBoolean());
        assertFalse(info.get("vmx").asBoolean());
        r = h.run("host-info", "down1");
        assertEquals(1, r.code());
        assertEquals("virtdeck: down1: connection refused\n", r.err());
    }

    @Test
    void createAndDeleteGoThroughTheDriver() throws Exception {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("create", "kvm1", "new vm", "--vcpus", "1/2", "--memory", "128M/1G", "--disk", "2G",
                "--kernel", "/boot/vmlinuz", "--initrd", "/boot/initrd", "--start", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode res = json(r).get("results").get(0);
        assertEquals("kvm1:new vm", res.get("target").asText());
        assertEquals("created CreateSpec[name=new vm, vcpus=1, maxVcpus=2, memoryMiB=128, maxMemoryMiB=1024, "
                + "diskMiB=2048, kernel=/boot/vmlinuz, initrd=/boot/initrd, cmdline=null, iso=null, virtType=null]",
                res.get("message").asText());
        assertEquals(VmState.RUNNING, ((FakeDriver) h.drivers.get("kvm1")).state("new vm"));
        r = h.run("delete", "kvm1:new vm", "--with-disks", "--force");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kvm1:new vm  ok       deleted with disks"), r.out());
        r = h.run("create", "down1", "x", "--vcpus", "1", "--memory", "128", "--iso", "/x.iso");
        assertEquals(1, r.code());
        assertEquals("virtdeck: down1: connection refused\n", r.err());
    }

    @Test
    void virtTypeGoesToTheLibvirtDriverAndIsRefusedElsewhere() throws Exception {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("create", "kvm1", "t", "--vcpus", "1", "--memory", "64", "--iso", "/x.iso",
                "--virt-type", "qemu", "-o", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(json(r).get("results").get(0).get("message").asText().endsWith("virtType=qemu]"), r.out());
        h.drivers.put("kvm2", new FakeDriver("kvm2") {
            @Override public String kind() { return "xl"; }
        });
        r = h.run("create", "kvm2", "t", "--vcpus", "1", "--memory", "64", "--iso", "/x.iso", "--virt-type", "kvm");
        assertEquals(1, r.code());
        assertEquals("virtdeck: kvm2: t: --virt-type is a libvirt domain type; the xl driver has none to choose\n", r.err());
        assertThrows(VmNotFoundException.class, () -> ((FakeDriver) h.drivers.get("kvm2")).state("t"), "nothing created");
    }

    @Test
    void helpListsTheVerbsInOrderAndALifecycleVerbIsDescribedByItsRequest() {
        Harness h = new Harness(dir);
        Harness.Result r = h.runRaw("--help");
        assertEquals(0, r.code(), r.err());
        String commands = r.out().substring(r.out().indexOf("Commands:"));
        List<String> names = new ArrayList<>();
        for (String line : commands.split("\n")) {
            if (line.matches("  [a-z-]+ .*")) names.add(line.strip().split(" ")[0]);
        }
        assertEquals(List.of("hosts", "host-info", "host-check", "host-setup", "list", "start", "shutdown", "poweroff", "reboot", "reset", "pause",
                "resume", "save", "set-memory", "set-vcpus", "attach-disk", "create", "clone", "autostart", "delete", "console",
                "demo", "agent", "top", "snapshot", "show", "inventory", "completion"), names);
        assertTrue(commands.contains("  reboot       Reboot VMs gracefully.\n"), commands);
        r = h.run("save", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: virtdeck save "), r.out());
        assertTrue(r.out().contains("Save VMs to disk and stop them (libvirt managed save)."), r.out());
        assertEquals(0, h.fleetsCreated.get());
    }

    @Test
    void anOperationTheDriverCannotDoIsUnsupportedWithItsReasonAndNeverSent() throws Exception {
        Harness h = new Harness(dir);
        AtomicInteger resets = new AtomicInteger();
        h.drivers.put("kvm1", new FakeDriver("kvm1", "web", "db") {
            @Override
            public Capabilities capabilities() {
                return Capabilities.allSupported().with(Capability.unsupported(Operation.RESET, "no reset button")).build();
            }

            @Override
            public OpResult reset(String vm) {
                resets.incrementAndGet();
                return super.reset(vm);
            }
        });
        Harness.Result r = h.run("reset", "kvm1:web", "kvm2:web", "-o", "json");
        assertEquals(1, r.code());
        JsonNode results = json(r).get("results");
        assertEquals(List.of("unsupported", "ok"), results.findValuesAsText("outcome"));
        assertEquals("reset is not supported: no reset button", results.get(0).get("message").asText());
        assertEquals(0, resets.get(), "nothing sent to kvm1");
        assertEquals("virtdeck: kvm1: web: reset is not supported: no reset button\n", r.err());
    }

    @Test
    void verbosePrintsEachCallAsHostColonCall() {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("-v", "list", "kvm1:web");
        assertEquals(0, r.code());
        assertTrue(r.err().contains("kvm1: connect 10.0.0.1\n"), r.err());
    }

    @Test
    void versionAndHelpWorkAfterTheCommandToo() {
        Harness h = new Harness(dir);
        Harness.Result r = h.run("list", "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("virtdeck "), r.out());
        r = h.run("shutdown", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--no-wait"), r.out());
        assertEquals(0, h.fleetsCreated.get());
    }

    static void assertUsage(Harness.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), "stderr lacks '" + expected + "':\n" + r.err());
    }
}
