package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolling batches against the real lab (issue 13): three throwaway guests {@code vdroll-a..c}
 * through lab1 (native transport). {@code --serial 1} really runs one target after another (the
 * jsonl lines' wave numbers and start/finish times), and {@code --max-fail 0} stops at the first
 * failure: the other guests are not attempted and their state and XML are unchanged.
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabRolloutCliTest {
    static final List<String> VMS = List.of("vdroll-a", "vdroll-b", "vdroll-c");

    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;

    @BeforeEach
    void guests() throws Exception {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
        for (String vm : VMS) guests.define(vm, lab.cmdline() + " virtdeck.deaf=1");
    }

    @AfterEach
    void remove() {
        if (guests != null) guests.close();
    }

    LabCliTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliRaw(all.toArray(String[]::new));
    }

    static List<JsonNode> lines(LabCliTest.Run r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.out().split("\n")) if (!l.isBlank()) out.add(LabCliTest.JSON.readTree(l));
        return out;
    }

    @Test
    void serialOneStartsTheGuestsOneWaveAfterAnother() throws Exception {
        LabCliTest.Run r = cli("start", "lab1:vdroll-*", "--serial", "1", "--order", "vm", "-o", "jsonl");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        List<JsonNode> lines = lines(r);
        assertEquals(3, lines.size(), "one line per target: " + r.out());
        for (int i = 0; i < 3; i++) {
            JsonNode l = lines.get(i);
            assertEquals("lab1:" + VMS.get(i), l.get("target").asText(), r.out());
            assertEquals(i + 1, l.get("wave").asInt(), l.toString());
            assertEquals("ok", l.get("outcome").asText(), l.toString());
            assertEquals("running", LabGuests.state(VMS.get(i)));
        }
        for (int i = 1; i < 3; i++) {
            Instant prevFinished = Instant.parse(lines.get(i - 1).get("finished").asText());
            Instant started = Instant.parse(lines.get(i).get("started").asText());
            assertFalse(started.isBefore(prevFinished), "wave " + (i + 1) + " started before wave " + i + " finished: "
                    + r.out());
        }
    }

    /** @return per guest its state, live XML and inactive XML (local virsh: libvirtd runs here) */
    static Map<String, String> snapshot(List<String> vms) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String vm : vms) {
            out.put(vm + " state", LabGuests.state(vm));
            out.put(vm + " xml", LabCliTest.exec("virsh", "-c", LabGuests.URI, "dumpxml", vm));
            out.put(vm + " inactive xml", LabCliTest.exec("virsh", "-c", LabGuests.URI, "dumpxml", "--inactive", vm));
        }
        return out;
    }

    @Test
    void maxFailZeroStopsAtTheFirstFailureAndLeavesTheOthersAlone() throws Exception {
        guests.start("vdroll-b", "vdroll-c"); // vdroll-a stays shut off: pausing it fails
        List<String> others = List.of("vdroll-b", "vdroll-c");
        Map<String, String> before = snapshot(others);
        assertEquals("running", before.get("vdroll-b state"));

        LabCliTest.Run r = cli("pause", "lab1:vdroll-*", "--serial", "1", "--max-fail", "0", "--order", "vm",
                "-o", "jsonl");
        assertEquals(ExitCodes.HALTED, r.code(), r.out() + r.err());
        List<JsonNode> lines = lines(r);
        assertEquals(3, lines.size(), "one line per target, the not attempted ones too: " + r.out());
        assertEquals("lab1:vdroll-a", lines.get(0).get("target").asText());
        assertEquals("failed", lines.get(0).get("outcome").asText(), lines.get(0).toString());
        for (JsonNode l : lines.subList(1, 3)) {
            assertEquals("not-attempted", l.get("outcome").asText(), l.toString());
            assertEquals("not attempted: --max-fail 0 exceeded (1 of 3 failed)", l.get("message").asText());
            assertTrue(l.get("command").isNull() && l.get("started").isNull(), l.toString());
        }
        assertTrue(r.err().contains("virtdeck: --max-fail 0 exceeded (1 of 3 failed): 2 targets not attempted"), r.err());

        Map<String, String> after = snapshot(others);
        for (String k : before.keySet()) assertEquals(before.get(k), after.get(k), k + " changed by a target not attempted");

        // the same run without a limit pauses the other two: the stop above was the limit's doing
        LabCliTest.Run all = cli("pause", "lab1:vdroll-*", "--serial", "1", "--order", "vm", "-o", "jsonl");
        assertEquals(ExitCodes.FAILED, all.code(), all.out() + all.err());
        assertEquals(List.of("failed", "ok", "ok"), lines(all).stream().map(l -> l.get("outcome").asText()).toList(),
                all.out());
        assertEquals("paused", LabGuests.state("vdroll-c"));
    }
}
