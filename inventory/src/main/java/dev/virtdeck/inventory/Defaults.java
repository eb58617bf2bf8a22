package dev.virtdeck.inventory;

/**
 * The inventory's {@code defaults:} section; each field is null when not set there.
 *
 * @param user       SSH user name
 * @param port       SSH port
 * @param identity   private key path as written (may start with {@code ~})
 * @param knownHosts OpenSSH known_hosts path as written (may start with {@code ~})
 */
public record Defaults(String user, Integer port, String identity, String knownHosts) {
    /** No defaults at all. */
    public static final Defaults NONE = new Defaults(null, null, null, null);
}
