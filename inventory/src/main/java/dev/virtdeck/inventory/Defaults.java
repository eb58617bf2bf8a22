package dev.virtdeck.inventory;

import java.time.Duration;

/**
 * The inventory's {@code defaults:} section; each field is null when not set there.
 *
 * @param user           SSH user name
 * @param port           SSH port
 * @param identity       private key path as written (may start with {@code ~})
 * @param knownHosts     OpenSSH known_hosts path as written (may start with {@code ~})
 * @param connectTimeout bound on TCP connect, SSH handshake and login ({@code connect_timeout})
 */
public record Defaults(String user, Integer port, String identity, String knownHosts, Duration connectTimeout) {
    /** No defaults at all. */
    public static final Defaults NONE = new Defaults(null, null, null, null, null);

    /** Defaults without a connect timeout. */
    public Defaults(String user, Integer port, String identity, String knownHosts) {
        this(user, port, identity, knownHosts, null);
    }
}
