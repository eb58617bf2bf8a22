package dev.virtdeck.tui;

import java.util.Locale;

/** What a colour is for; {@link #configName()} is its name under {@code colors:} in config.yaml. */
public enum Role {
    RUNNING, PAUSED, SHUTOFF, SHUTTING_DOWN, CRASHED, SUSPENDED, UNKNOWN,
    STALE, HEADER, SELECTED, MARKED, OK, ERROR, HINT_KEY, DISABLED, DANGER, BORDER;

    /** @return e.g. {@code shutting-down} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
