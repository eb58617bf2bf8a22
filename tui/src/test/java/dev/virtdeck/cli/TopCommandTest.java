package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code virtdeck top}: frames of rates from successive lists over the connections of one fleet. */
class TopCommandTest {
    @TempDir
    Path dir;

    /** Running VMs whose counters grow by fixed steps at every list (one list = one refresh). */
    static final class BusyDriver extends FakeDriver {
        final AtomicInteger lists = new AtomicInteger();

        BusyDriver(String host, String... vms) {
            super(host, vms);
            for (String vm : vms) start(vm);
        }

        @Override
        public synchronized List<VmInfo> list() {
            int n = lists.incrementAndGet();
            List<VmInfo> out = new ArrayList<>();
            for (VmInfo v : super.list()) {
                out.add(new VmInfo(v.host(), v.driver(), v.name(), v.uuid(), v.state(), v.nativeState(), v.vcpus(),
                        v.maxVcpus(), v.memoryMiB(), v.maxMemoryMiB(), v.persistent(), n * 1_000_000_000L, null,
                        new VmInfo.Usage(100 * 1024L, 150 * 1024L, n * 4096L, 0L, n * 1000L, null)));
            }
            return out;
        }
    }

    static List<JsonNode> lines(String out) throws Exception {
        List<JsonNode> l = new ArrayList<>();
        for (String s : out.split("\n")) if (!s.isBlank()) l.add(new ObjectMapper().readTree(s));
        return l;
    }

    @Test
    void jsonlHasOneObjectPerVmPerFrameWithRatesAndReusesTheConnection() throws Exception {
        Harness h = new Harness(dir);
        BusyDriver d = new BusyDriver("kvm1", "web", "db");
        h.drivers.put("kvm1", d);
        Harness.Result r = h.run("top", "kvm1:*", "-d", "0.1", "-n", "2", "-o", "jsonl");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> l = lines(r.out());
        assertEquals(4, l.size(), r.out());
        assertEquals(List.of(1, 1, 2, 2), l.stream().map(j -> j.get("frame").asInt()).toList());
        JsonNode web = l.get(0);
        assertEquals("kvm1", web.get("host").asText());
        assertEquals("web", web.get("name").asText());
        assertEquals("running", web.get("state").asText());
        assertTrue(web.get("cpuPercent").asDouble() > 0, web.toString()); // one CPU-second per refresh
        assertTrue(web.get("diskReadBps").asDouble() > 0, web.toString());
        assertEquals(0.0, web.get("diskWriteBps").asDouble());
        assertTrue(web.get("netTxBps").isNull(), "a counter the driver does not know has no rate");
        assertEquals(102400, web.get("memoryUsedKiB").asLong());
        assertEquals(153600, web.get("memoryRssKiB").asLong());
        assertEquals(192, web.get("memoryMiB").asLong());
        assertTrue(web.has("time") && web.get("time").asText().endsWith("Z"), web.toString());
        assertEquals(3, d.lists.get(), "a first sample, then one list per frame");
        assertEquals(1, h.fleetsCreated.get());
        assertEquals(List.of("kvm1"), h.connected, "one connection held across the refreshes");
    }

    @Test
    void tableIsAppendedWithoutEscapesWhenStdoutIsNoTerminal() {
        Harness h = new Harness(dir);
        h.drivers.put("kvm1", new BusyDriver("kvm1", "web"));
        Harness.Result r = h.run("top", "kvm1:web", "-d", "0.1", "-n", "2");
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("\033"), r.out());
        String[] frames = r.out().split("\n\n");
        assertEquals(2, frames.length, r.out());
        for (String f : frames) {
            List<String> rows = f.lines().toList();
            assertTrue(rows.get(0).startsWith("virtdeck top - "), f);
            assertTrue(rows.get(0).contains("1 VM, 1 running, 1 of 1 hosts listed, every 0.1 s"), rows.get(0));
            assertEquals(List.of("HOST", "NAME", "STATE", "CPU%", "MEM", "DISK", "R/W", "NET", "RX/TX"),
                    List.of(rows.get(1).split("\\s+")));
            List<String> cells = List.of(rows.get(2).split("\\s+"));
            assertEquals(List.of("kvm1", "web", "running"), cells.subList(0, 3));
            assertTrue(cells.get(3).endsWith("%"), rows.get(2));
            assertEquals("100M/192M", cells.get(4));
            assertTrue(cells.get(6).endsWith("/-"), "rx known, tx unknown: " + rows.get(2));
        }
    }

    @Test
    void anUnreachableHostIsReportedOnceAndMakesTheExitCodeOne() throws Exception {
        Harness h = new Harness(dir);
        h.drivers.put("kvm1", new BusyDriver("kvm1", "web"));
        Harness.Result r = h.run("top", "-d", "0.1", "-n", "2", "-o", "jsonl");
        assertEquals(1, r.code(), r.out() + r.err());
        assertEquals(1, r.err().split("down1", -1).length - 1, r.err());
        List<JsonNode> errors = lines(r.out()).stream().filter(j -> j.has("error")).toList();
        assertEquals(2, errors.size(), "one error object per frame");
        assertEquals("down1", errors.get(0).get("host").asText());
        assertNull(errors.get(0).get("name"));
    }

    @Test
    void badOptionsAreUsageErrorsBeforeAnyHostIsContacted() {
        Harness h = new Harness(dir);
        for (String[] args : List.of(new String[]{"top", "-n", "0"}, new String[]{"top", "-d", "0"},
                new String[]{"top", "-o", "json"}, new String[]{"top", "nosuchhost:*"})) {
            Harness.Result r = h.run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.err());
        }
        assertEquals(0, h.fleetsCreated.get());
    }
}
