package dev.virtdeck.cli;

import dev.virtdeck.fleet.Outcome;
import dev.virtdeck.fleet.RolloutResult;
import dev.virtdeck.fleet.Target;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stderr progress line, on a clock the test moves by hand. */
class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong(1_000);
    private final Progress p = new Progress(err, now::get, Progress.DELAY_NANOS, false);

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static RolloutResult done(String vm, int wave, Outcome o, boolean started) {
        Instant t = started ? Instant.EPOCH : null;
        return new RolloutResult(new Target("kvm1", vm, "libvirt"), wave, o, t, t);
    }

    @Test
    void aRunShorterThanTheDelayLeavesNoTrace() {
        p.begin(2, 1);
        p.waveStarted(1);
        p.targetStarted(new Target("kvm1", "a", "libvirt"), 1);
        p.targetFinished(done("a", 1, new Outcome.Ok("started", null), true));
        p.println("virtdeck: kvm1: b: boom");
        p.close();
        assertEquals("virtdeck: kvm1: b: boom\n", text());
    }

    @Test
    void afterTheDelayTheLineIsRedrawnInPlaceAndClearedAroundOtherLinesAndAtTheEnd() {
        p.begin(4, 2);
        p.waveStarted(1);
        p.targetStarted(new Target("kvm1", "a", "libvirt"), 1);
        p.targetStarted(new Target("kvm1", "b", "libvirt"), 1);
        now.addAndGet(Progress.DELAY_NANOS);
        p.targetFinished(done("a", 1, new Outcome.Ok("started", null), true));
        String first = "[wave 1/2] 1/4 done: 1 ok, 0 failed, 1 running";
        assertEquals("\r" + first, text());

        bytes.reset();
        p.targetFinished(done("b", 1, new Outcome.Failed("boom", null), true));
        p.println("virtdeck: kvm1: b: boom");
        String second = "[wave 1/2] 2/4 done: 1 ok, 1 failed, 0 running";
        assertEquals("\r" + second + "\r" + " ".repeat(second.length()) + "\r" + "virtdeck: kvm1: b: boom\n" + "\r" + second,
                text(), "cleared, printed, drawn again");

        bytes.reset();
        p.waveStarted(2);
        p.targetFinished(done("c", 2, new Outcome.NotAttempted("not attempted: --max-fail 0 exceeded", null), false));
        p.targetFinished(done("d", 2, new Outcome.NotAttempted("not attempted: --max-fail 0 exceeded", null), false));
        String last = "[wave 2/2] 4/4 done: 1 ok, 1 failed, 2 not attempted, 0 running";
        assertTrue(text().endsWith("\r" + last), text());

        bytes.reset();
        p.close();
        assertEquals("\r" + " ".repeat(last.length()) + "\r", text(), "cleared at the end");
        bytes.reset();
        p.targetFinished(done("e", 2, new Outcome.Ok("x", null), true));
        p.println("virtdeck: after");
        assertEquals("virtdeck: after\n", text(), "never drawn again once closed");
    }

    @Test
    void aShorterLineOverwritesTheRestOfALongerOne() {
        now.addAndGet(Progress.DELAY_NANOS);
        p.begin(10, 1);
        for (int i = 0; i < 10; i++) p.targetStarted(new Target("kvm1", "v" + i, "libvirt"), 1);
        bytes.reset();
        p.targetFinished(done("v0", 1, new Outcome.Ok("x", null), true));
        String l = p.line();
        assertEquals("1/10 done: 1 ok, 0 failed, 9 running", l);
        // "10 running" became "9 running": one blank wipes the old line's last character
        assertEquals("\r" + l + " \r" + l, text());
        bytes.reset();
        p.waveStarted(1);
        assertEquals("", text(), "an unchanged line is not drawn again");
    }
}
