package dev.virtdeck.tui;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The TUI's settings from {@code ~/.config/virtdeck/config.yaml} (separate from the inventory).
 *
 * @param keys            the key table with the file's bindings applied
 * @param theme           colours
 * @param consoleEscape   the byte that leaves a console (Ctrl-] = 0x1d by default)
 * @param escapeLabel     how the escape key is written, e.g. {@code ctrl-]}
 * @param refreshInterval how often each host is listed
 * @param shutdownTimeout how long a graceful shutdown may take before force off is offered
 */
public record TuiConfig(KeyTable keys, Theme theme, int consoleEscape, String escapeLabel,
                        Duration refreshInterval, Duration shutdownTimeout) {
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(60);

    /** The built-in settings, used when the file does not exist. */
    public static TuiConfig defaults() {
        return new TuiConfig(KeyTable.defaults(), Theme.defaults(), 0x1d, "ctrl-]", DEFAULT_REFRESH,
                DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /** @return {@code ~/.config/virtdeck/config.yaml} */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".config", "virtdeck", "config.yaml");
    }

    public TuiConfig withRefreshInterval(Duration d) {
        return new TuiConfig(keys, theme, consoleEscape, escapeLabel, d, shutdownTimeout);
    }
}
