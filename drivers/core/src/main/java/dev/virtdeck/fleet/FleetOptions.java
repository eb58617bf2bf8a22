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
 * @param latency        measure each host's round trip when it is connected (two extra execs per
 *                       host: worth it where latency is shown, not for a one-shot list or action)
 */
public record FleetOptions(int parallel, boolean acceptNew, Duration connectTimeout, Duration commandTimeout,
                           boolean latency) {
    public static final int DEFAULT_PARALLEL = 32;

    public FleetOptions {
        if (parallel < 1) throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive, got " + connectTimeout);
        }
    }

    /** Latency measured. */
    public FleetOptions(int parallel, boolean acceptNew, Duration connectTimeout, Duration commandTimeout) {
        this(parallel, acceptNew, connectTimeout, commandTimeout, true);
    }

    /** @return these options, measuring latency or not */
    public FleetOptions withLatency(boolean measure) {
        return new FleetOptions(parallel, acceptNew, connectTimeout, commandTimeout, measure);
    }

    public static FleetOptions defaults() {
        return new FleetOptions(DEFAULT_PARALLEL, false, SshTarget.DEFAULT_CONNECT_TIMEOUT,
                SshTarget.DEFAULT_COMMAND_TIMEOUT);
    }
}
