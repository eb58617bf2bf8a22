package dev.virtdeck.tui;

import java.util.Locale;

/** Every action a key can trigger; {@link #configName()} is its name in config.yaml. */
public enum ActionId {
    UP, DOWN, PAGE_UP, PAGE_DOWN, TOP, BOTTOM, FILTER, COMMAND, MARK, MARK_ALL,
    START, SHUTDOWN, FORCE_OFF, REBOOT, PAUSE, CONSOLE, MEMORY, VCPUS, DISK, NEW_VM, RESET,
    DETAILS, HOST_INFO, LOG, REFRESH, HELP, QUIT, SORT_NEXT, SORT_PREV, SORT_REVERSE, SNAPSHOTS;

    /** @return the name used in config.yaml's {@code keys:} section, e.g. {@code force-off} */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
