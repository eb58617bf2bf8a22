package dev.virtdeck.inventory;

import java.nio.file.Path;

/**
 * Command-line settings that beat everything in the inventory and ~/.ssh/config.
 *
 * @param knownHosts {@code --known-hosts FILE}, or null
 * @param user       a user given on the command line, or null
 */
public record Overrides(Path knownHosts, String user) {
    /** No command-line overrides. */
    public static final Overrides NONE = new Overrides(null, null);
}
