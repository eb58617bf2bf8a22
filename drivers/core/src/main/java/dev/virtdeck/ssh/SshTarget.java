package dev.virtdeck.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything needed to reach one host, already resolved from flags, inventory, defaults and
 * ~/.ssh/config.
 *
 * @param name           inventory name (used in every error)
 * @param hostname       address or DNS name to connect to
 * @param identityFiles  private keys to try after the agent, in order
 * @param knownHosts     OpenSSH known_hosts file checked (and appended to with acceptNew)
 * @param acceptNew      trust and record an unknown key (never a changed one)
 * @param jump           host to tunnel through (ProxyJump), or null
 */
public record SshTarget(String name, String hostname, int port, String user, List<Path> identityFiles,
                        Path knownHosts, boolean acceptNew, SshTarget jump, Duration connectTimeout,
                        Duration commandTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(120);
}
