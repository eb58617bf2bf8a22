package dev.virtdeck.inventory;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Command-line settings that beat everything in the inventory and ~/.ssh/config.
 *
 * @param knownHosts {@code --known-hosts FILE}, or null
 * @param user       a user given on the command line, or null
 * @param connectTimeout {@code --connect-timeout SECONDS} (every hop, jump hosts too), or null
 */
public record Overrides(Path knownHosts, String user, Duration connectTimeout) {
    /** No command-line overrides. */
    public static final Overrides NONE = new Overrides(null, null, null);

    public Overrides(Path knownHosts, String user) {
        this(knownHosts, user, null);
    }
}
