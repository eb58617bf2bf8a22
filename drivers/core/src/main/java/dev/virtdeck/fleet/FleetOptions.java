package dev.virtdeck.fleet;

import dev.virtdeck.ssh.SshTarget;

import java.time.Duration;

/**
 * How the fleet engine works.
 *
 * @param parallel       hosts (and targets) worked on at once, at least 1
 * @param acceptNew      trust and record unknown host keys
 * @param connectTimeout bound on connect, handshake and login for hosts that set none of their own
 * @param commandTimeout bound on one remote command
 * @param probe          probe each host when it is connected: measure its round trip and check
 *                       the tools its drivers run (see {@link
 *                       dev.virtdeck.driver.HypervisorDriver#checkTools()}); two or three extra
 *                       execs per host, worth it where latency and readiness are shown (hosts,
 *                       host-info, the TUI, the agent), not for a one-shot list or action, whose
 *                       first command reports a missing tool all the same
 */
public record FleetOptions(int parallel, boolean acceptNew, Duration connectTimeout, Duration commandTimeout,
                           boolean probe) {
    public static final int DEFAULT_PARALLEL = 32;

    public FleetOptions {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
        }
    }

    /** Hosts probed. */
    public FleetOptions(int parallel, boolean acceptNew, Duration connectTimeout, Duration commandTimeout) {
        this(parallel, acceptNew, connectTimeout, commandTimeout, true);
    }

    /** @return these options, probing hosts or not */
    public FleetOptions withProbe(boolean probe) {
        return new FleetOptions(parallel, acceptNew, connectTimeout, commandTimeout, probe);
    }

    public static FleetOptions defaults() {
        return new FleetOptions(DEFAULT_PARALLEL, false, SshTarget.DEFAULT_CONNECT_TIMEOUT,
                SshTarget.DEFAULT_COMMAND_TIMEOUT);
    }
}
