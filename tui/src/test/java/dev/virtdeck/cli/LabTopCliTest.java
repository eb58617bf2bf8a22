package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code virtdeck top} on the real lab, both transports: a guest's CPU % rises while its shell runs
 * a busy loop typed through its serial console, and falls once the loop is killed. The guest is
 * this class's own ({@code vdg-top-*}, removed at the end).
 */
@Tag("lab")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LabTopCliTest {
    /** Starts one loop, even when typed again (a retry after a missed answer). */
    private static final String BUSY = "[ -f /tmp/vd-busy.pid ] || { while :; do :; done & echo $! > /tmp/vd-busy.pid; };"
            + " echo loop-$((6*7))";
    private static final String STOP = "[ -f /tmp/vd-busy.pid ] && kill $(cat /tmp/vd-busy.pid); rm -f /tmp/vd-busy.pid;"
            + " echo stopped-$((6*7))";

    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
    }

    @AfterEach
    void cleanUp() {
        if (guests != null) guests.close();
    }

    LabCliTest.Run cli(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliReal(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                dir.resolve("no-ssh-config"), all.toArray(String[]::new));
    }

    /** @return the guest's CPU % in the last of two 2-second frames of {@code top -o jsonl} */
    double cpu(String selector) throws Exception {
        LabCliTest.Run r = cli("", "top", selector, "-d", "2", "-n", "2", "-o", "jsonl");
        assertEquals(0, r.code(), r.out() + r.err());
        String[] lines = r.out().strip().split("\n");
        assertEquals(2, lines.length, r.out());
        JsonNode last = LabCliTest.JSON.readTree(lines[1]);
        assertEquals(2, last.get("frame").asInt());
        assertEquals("running", last.get("state").asText(), last.toString());
        assertTrue(last.get("memoryRssKiB").asLong() > 0, "the host's RSS of the guest: " + last);
        assertEquals(0, last.get("diskReadBytes").asLong(), "the lab guest has no disk: " + last);
        assertEquals(0, last.get("netRxBytes").asLong(), "the lab guest has no NIC: " + last);
        assertTrue(last.get("cpuPercent").isNumber(), last.toString());
        return last.get("cpuPercent").asDouble();
    }

    /** Types {@code line} on the guest's console (CLI {@code console}, stdin piped) until {@code answer} shows. */
    void type(String selector, String line, String answer) {
        LabCliTest.Run r = null;
        for (int i = 0; i < 5; i++) {
            r = cli(line + "\n", "console", selector);
            if (r.code() == 0 && r.out().contains(answer)) return;
        }
        throw new AssertionError("no '" + answer + "' from " + selector + ": " + r.code() + " " + r.err() + r.out());
    }

    @Test
    void cpuRisesWithABusyLoopOnTheConsoleAndFallsAfterItIsKilled() throws Exception {
        String vm = guests.define("vdg-top-busy", lab.cmdline());
        guests.startAndWaitUp(vm);
        for (String host : List.of("lab1", "lab2")) { // native, then virsh
            String sel = host + ":" + vm;
            double idle = cpu(sel);
            type(sel, BUSY, "loop-42");
            double busy = cpu(sel);
            assertTrue(busy > 40 && busy > idle + 25, host + ": idle " + idle + " %, busy " + busy + " %");
            type(sel, STOP, "stopped-42");
            double after = cpu(sel);
            assertTrue(after < busy / 2, host + ": busy " + busy + " %, after the kill " + after + " %");
        }
    }
}
