package dev.virtdeck.cli;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.virtdeck.fleet.Outcome;
import dev.virtdeck.fleet.RolloutListener;
import dev.virtdeck.fleet.RolloutResult;
import dev.virtdeck.fleet.Target;

import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress line of a batch run on stderr, e.g.
 * {@code [wave 2/5] 12/40 done: 10 ok, 1 failed, 1 not attempted, 4 running}, redrawn in place
 * with {@code \r}. It appears only once the run has lasted {@link #DELAY_NANOS} (a quick run
 * leaves no trace), and only on a terminal (the caller checks). Other stderr lines go through
 * {@link #println}, which clears the line, prints and draws it again, so they never mix.
 * {@link #close} clears it for good.
 */
final class Progress implements RolloutListener, AutoCloseable {
    static final long DELAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PrintStream err;
    private final LongSupplier nanoTime;
    private final long showAt;
    private final ScheduledExecutorService ticker;
    private int targets;
    private int waves;
    private int wave;
    private int ok;
    private int failed;
    private int notAttempted;
    private int running;
    /** The line on the screen now; "" when none is shown. */
    private String shown = "";
    private boolean closed;

    /**
     * @param nanoTime the clock ({@code System::nanoTime}); the line shows from {@code delayNanos} after now
     * @param tick     redraw on a timer too (so the line appears while no target finishes); tests pass false
     */
    Progress(PrintStream err, LongSupplier nanoTime, long delayNanos, boolean tick) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.showAt = nanoTime.getAsLong() + delayNanos;
        if (tick) {
            ticker = Executors.newSingleThreadScheduledExecutor(
                    new ThreadFactoryBuilder().setNameFormat("virtdeck-progress").setDaemon(true).build());
            ticker.scheduleWithFixedDelay(this::redraw, delayNanos, TimeUnit.MILLISECONDS.toNanos(250), TimeUnit.NANOSECONDS);
        } else {
            ticker = null;
        }
    }

    /** A progress line on {@code err}, shown after a second, redrawn four times a second. */
    static Progress on(PrintStream err) {
        return new Progress(err, System::nanoTime, DELAY_NANOS, true);
    }

    @Override
    public void begin(int targets, int waves) {
        synchronized (err) {
            this.targets = targets;
            this.waves = waves;
            draw();
        }
    }

    @Override
    public void waveStarted(int wave) {
        synchronized (err) {
            this.wave = wave;
            draw();
        }
    }

    @Override
    public void targetStarted(Target target, int wave) {
        synchronized (err) {
            running++;
            draw();
        }
    }

    @Override
    public void targetFinished(RolloutResult r) {
        synchronized (err) {
            Outcome o = r.outcome();
            if (r.started() != null) running--;
            if (o.ok()) ok++;
            else if (o instanceof Outcome.NotAttempted || o instanceof Outcome.Skipped) notAttempted++;
            else failed++;
            draw();
        }
    }

    /** Prints a line of its own on stderr without mixing it with the progress line. */
    void println(String line) {
        around(() -> err.println(line));
    }

    /**
     * Runs {@code print} with the line cleared, then draws it again: for anything printed while
     * it is shown, on stderr or on stdout (the same terminal, often).
     */
    void around(Runnable print) {
        synchronized (err) {
            clear();
            err.flush();
            print.run();
            draw();
            err.flush();
        }
    }

    /** @return the line as drawn now */
    String line() {
        synchronized (err) {
            int done = ok + failed + notAttempted;
            StringBuilder b = new StringBuilder();
            if (waves > 1) b.append("[wave ").append(Math.max(wave, 1)).append('/').append(waves).append("] ");
            b.append(done).append('/').append(targets).append(" done: ").append(ok).append(" ok, ")
                    .append(failed).append(" failed");
            if (notAttempted > 0) b.append(", ").append(notAttempted).append(" not attempted");
            return b.append(", ").append(running).append(" running").toString();
        }
    }

    private void redraw() {
        synchronized (err) {
            draw();
        }
    }

    /** Draws the line if it is due; the caller holds the lock. */
    private void draw() {
        if (closed || nanoTime.getAsLong() - showAt < 0) return;
        String l = line();
        if (l.equals(shown)) return; // the timer's redraws cost nothing while nothing changes
        StringBuilder b = new StringBuilder("\r").append(l);
        if (shown.length() > l.length()) b.append(" ".repeat(shown.length() - l.length())).append('\r').append(l);
        err.print(b);
        err.flush();
        shown = l;
    }

    private void clear() {
        if (shown.isEmpty()) return;
        err.print("\r" + " ".repeat(shown.length()) + "\r");
        shown = "";
    }

    @Override
    public void close() {
        if (ticker != null) ticker.shutdownNow();
        synchronized (err) {
            clear();
            closed = true;
            err.flush();
        }
    }
}
