package dev.virtdeck.error;

import java.time.Duration;
import java.util.Locale;

/** How every message writes a duration: one format for timeouts, waits and elapsed times. */
public final class Durations {
    private Durations() {
    }

    /** @return "5 s", or "2.3 s" for a fraction (to the tenth) */
    public static String seconds(Duration d) {
        long ms = d.toMillis();
        if (ms % 1000 == 0) return ms / 1000 + " s";
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
