package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --serial}, {@code --max-fail}, {@code --order} and {@code -o jsonl} through the CLI,
 * in-process against fake hosts (kvm1: web, db; kvm2: web, cache; down1 unreachable).
 */
class RolloutCliTest {
    @TempDir
    Path dir;

    /** A fake host whose start fails for the named VMs and that notes what stdout held as each start began. */
    static final class Recording extends FakeDriver {
        final Harness h;
        final List<String> failing;
        final Map<String, String> stdoutAtStart = new ConcurrentHashMap<>();

        Recording(Harness h, String host, List<String> failing, String... vms) {
            super(host, vms);
            this.h = h;
            this.failing = failing;
        }

        @Override
        public OpResult start(String vm) {
            stdoutAtStart.put(vm, h.liveOut.toString(StandardCharsets.UTF_8));
            if (failing.contains(vm)) {
                throw new CommandFailedException(host(), vm, "virsh start " + vm, 1, "", "error: boom");
            }
            return super.start(vm);
        }
    }

    static List<JsonNode> lines(Harness.Result r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.out().split("\n")) if (!l.isEmpty()) out.add(CliTest.JSON.readTree(l));
        return out;
    }

    private Harness harness(List<String> failingOnKvm1) {
        Harness h = new Harness(dir);
        h.drivers.put("kvm1", new Recording(h, "kvm1", failingOnKvm1, "web", "db"));
        h.drivers.put("kvm2", new Recording(h, "kvm2", List.of(), "web", "cache"));
        return h;
    }

    @Test
    void jsonlPrintsOneLinePerTargetAsEachFinishesWave() throws Exception {
        Harness h = harness(List.of());
        Harness.Result r = h.run("start", "kvm2:*", "kvm1:*", "--serial", "1", "-o", "jsonl");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        List<JsonNode> lines = lines(r);
        assertEquals(4, lines.size(), r.out());
        assertEquals(List.of("kvm1:web", "kvm1:db", "kvm2:web", "kvm2:cache"),
                lines.stream().map(l -> l.get("target").asText()).toList(), "host order: kvm1 first in the inventory");
        for (int i = 0; i < 4; i++) {
            JsonNode l = lines.get(i);
            assertEquals(CliTest.RESULT_FIELDS, CliTest.fields(l));
            assertEquals(i + 1, l.get("wave").asInt());
            assertEquals("ok", l.get("outcome").asText());
            assertEquals(l.get("target").asText(), l.get("host").asText() + ":" + l.get("vm").asText());
            assertFalse(l.get("started").isNull() || l.get("finished").isNull(), l.toString());
        }
        // streamed: when kvm2:web started, the lines of both kvm1 targets were already printed
        String before = ((Recording) h.drivers.get("kvm2")).stdoutAtStart.get("web");
        assertEquals(2, before.lines().count(), before);
        assertTrue(before.contains("\"target\":\"kvm1:db\""), before);
        assertFalse(r.out().contains("  "), "compact lines, no pretty printing: " + r.out());
    }

    @Test
    void maxFailStopsTheRestAndExitsThree() throws Exception {
        Harness h = harness(List.of("web"));
        Harness.Result r = h.run("start", "@rack", "--serial", "1", "--max-fail", "0", "-o", "jsonl");
        assertEquals(ExitCodes.HALTED, r.code(), r.out() + r.err());
        List<JsonNode> lines = lines(r);
        assertEquals(List.of("failed", "not-attempted", "not-attempted", "not-attempted"),
                lines.stream().map(l -> l.get("outcome").asText()).toList(), r.out());
        assertEquals("not attempted: --max-fail 0 exceeded (1 of 4 failed)", lines.get(1).get("message").asText());
        assertTrue(lines.get(1).get("started").isNull() && lines.get(1).get("command").isNull(), lines.get(1).toString());
        assertEquals(List.of(1, 2, 3, 4), lines.stream().map(l -> l.get("wave").asInt()).toList());
        assertTrue(r.err().contains("virtdeck: kvm1: web: `virsh start web` exited 1: error: boom\n"), r.err());
        assertTrue(r.err().contains("virtdeck: --max-fail 0 exceeded (1 of 4 failed): 3 targets not attempted\n"), r.err());
        assertEquals(VmState.SHUTOFF, ((FakeDriver) h.drivers.get("kvm1")).state("db"));
        assertEquals(VmState.SHUTOFF, ((FakeDriver) h.drivers.get("kvm2")).state("web"));
        assertFalse(((Recording) h.drivers.get("kvm2")).stdoutAtStart.containsKey("web"), "nothing sent after the stop");

        Harness.Result table = harness(List.of("web")).run("start", "@rack", "--serial", "2", "--max-fail", "0");
        assertEquals(ExitCodes.HALTED, table.code(), table.err());
        assertTrue(table.out().lines().findFirst().orElse("").matches("WAVE +TARGET +OUTCOME +MESSAGE *"), table.out());
        assertTrue(table.out().contains("2     kvm2:web    not-attempted  not attempted: --max-fail 0 exceeded"), table.out());
    }

    @Test
    void failuresWithinTheLimitExitOneAndEveryTargetRuns() throws Exception {
        Harness h = harness(List.of("web"));
        Harness.Result r = h.run("start", "@rack", "--serial", "1", "--max-fail", "25%", "-o", "json");
        assertEquals(ExitCodes.FAILED, r.code(), "1 of 4 is 25%, not more: " + r.out() + r.err());
        JsonNode results = CliTest.JSON.readTree(r.out()).get("results");
        assertEquals(List.of("failed", "ok", "ok", "ok"), results.findValuesAsText("outcome"));
        assertEquals(VmState.RUNNING, ((FakeDriver) h.drivers.get("kvm2")).state("cache"));

        Harness.Result pct = harness(List.of("web", "db")).run("start", "@rack", "--serial", "50%", "--max-fail", "25%");
        assertEquals(ExitCodes.HALTED, pct.code(), "2 of 4 is more than 25%: " + pct.out() + pct.err());
        assertEquals(2, pct.out().lines().filter(l -> l.contains("not-attempted")).count(), pct.out());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheOptionAndNothingIsContacted() {
        Map<List<String>, String> cases = Map.of(
                List.of("--serial", "0"), "--serial must be at least 1, got 0",
                List.of("--serial", "0%"), "--serial must be 1% to 100%, got 0%",
                List.of("--serial", "101%"), "invalid value for --serial: a percentage is at most 100%, got '101%'",
                List.of("--serial", "two"), "invalid value for --serial: expected N or N%",
                List.of("--max-fail", "-1"), "invalid value for --max-fail: expected N or N%",
                List.of("--max-fail", "1.5"), "invalid value for --max-fail: expected N or N%",
                List.of("--order", "sideways"), "--order");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            Harness h = new Harness(dir);
            List<String> args = new ArrayList<>(List.of("start", "@rack"));
            args.addAll(c.getKey());
            Harness.Result r = h.run(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, r.code(), c.getKey() + ": " + r.err());
            assertTrue(r.err().startsWith("virtdeck: ") && r.err().contains(c.getValue()), c.getKey() + ": " + r.err());
            assertEquals(List.of(), h.connected, "checked before any host is contacted");
        }
        Harness ok = new Harness(dir);
        assertEquals(ExitCodes.OK, ok.run("start", "@rack", "--max-fail", "0", "--serial", "100%", "--order", "VM").code());
    }

    @Test
    void aDryRunShowsTheWavesInTheRollingOrder() throws Exception {
        Harness h = harness(List.of());
        Harness.Result r = h.run("start", "@rack", "--serial", "50%", "--order", "vm", "--max-fail", "0", "--dry-run",
                "-o", "json");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        JsonNode plan = CliTest.JSON.readTree(r.out()).get("plan");
        assertEquals(List.of("kvm2:cache", "kvm1:db", "kvm1:web", "kvm2:web"), plan.findValuesAsText("target"));
        assertEquals(List.of("1", "1", "2", "2"), plan.findValuesAsText("wave"));
        assertEquals(List.of("target", "outcome", "message", "action", "wave"), CliTest.fields(plan.get(0)));
        assertEquals(VmState.SHUTOFF, ((FakeDriver) h.drivers.get("kvm1")).state("web"), "a plan changes nothing");

        Harness.Result table = h.run("poweroff", "@rack", "--serial", "3", "--dry-run");
        assertEquals(ExitCodes.OK, table.code(), table.err());
        assertEquals(List.of("WAVE  TARGET      OUTCOME        MESSAGE           ACTION",
                        "1     kvm1:web    nothing-to-do  already shut off  poweroff kvm1:web"),
                table.out().lines().limit(2).toList());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("2     kvm2:cache")), table.out());

        List<JsonNode> lines = lines(h.run("start", "@rack", "--serial", "1", "--dry-run", "-o", "jsonl"));
        assertEquals(4, lines.size());
        assertEquals(4, lines.get(3).get("wave").asInt());
        assertEquals("would-run", lines.get(3).get("outcome").asText());
    }

    @Test
    void jsonlGivesALinePerVmForListAndPerHostForHosts() throws Exception {
        Harness h = new Harness(dir);
        Harness.Result list = h.run("list", "-o", "jsonl");
        assertEquals(ExitCodes.FAILED, list.code(), "down1 could not be listed");
        List<JsonNode> vms = lines(list);
        assertEquals(List.of("web", "db", "web", "cache"), vms.stream().map(v -> v.get("name").asText()).toList());
        for (JsonNode v : vms) assertEquals(CliTest.VM_FIELDS, CliTest.fields(v));
        assertTrue(list.err().contains("virtdeck: down1: connection refused"), list.err());

        List<JsonNode> hosts = lines(h.run("hosts", "-o", "jsonl"));
        assertEquals(List.of("kvm1", "kvm2", "down1"), hosts.stream().map(x -> x.get("host").asText()).toList());
        assertFalse(hosts.get(2).get("ok").asBoolean());

        List<JsonNode> info = lines(h.run("host-info", "kvm1", "-o", "jsonl"));
        assertEquals(1, info.size());
        assertEquals("kvm1", info.get(0).get("host").asText());
    }

    @Test
    void onATerminalAProgressLineAppearsAfterASecondAndErrorsArePrintedAroundIt() throws Exception {
        Harness h = new Harness(dir);
        h.errTerminal = true;
        h.drivers.put("kvm1", new FakeDriver("kvm1", "web", "db") {
            @Override
            public OpResult start(String vm) {
                if (vm.equals("web")) throw new CommandFailedException("kvm1", vm, "virsh start web", 1, "", "error: boom");
                // hold the last target until the progress line is on stderr (it appears after a second)
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!h.liveErr.toString(StandardCharsets.UTF_8).contains("\r[wave 2/2] 1/2 done: 0 ok, 1 failed, 1 running")
                        && System.nanoTime() < deadline) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
                return super.start(vm);
            }
        });
        Harness.Result r = h.run("start", "kvm1:*", "--serial", "1", "-o", "jsonl");
        assertEquals(ExitCodes.FAILED, r.code(), r.out() + r.err());
        String err = r.err();
        String line = "[wave 2/2] 1/2 done: 0 ok, 1 failed, 1 running";
        assertTrue(err.contains("\r" + line), "no progress line: " + err);
        // the error of wave 1 came before the line was due; the line is cleared at the end
        assertTrue(err.startsWith("virtdeck: kvm1: web: `virsh start web` exited 1: error: boom\n"), err);
        assertTrue(err.matches("(?s).*\r +\r$"), "not cleared at the end: " + err.replace("\r", "<CR>"));
        assertFalse(r.out().contains("\r") || r.out().contains("done:"), "progress never on stdout: " + r.out());
        assertEquals(2, lines(r).size());

        h.errTerminal = false;
        Harness.Result piped = new Harness(dir).run("start", "kvm1:*", "--serial", "1");
        assertFalse(piped.err().contains("\r") || piped.err().contains("done:"), piped.err());
    }
}
