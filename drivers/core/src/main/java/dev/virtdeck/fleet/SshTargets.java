package dev.virtdeck.fleet;

import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshTarget;

import java.time.Duration;

/** Maps resolved inventory hosts to SSH targets, jump chain included. */
public final class SshTargets {
    private SshTargets() {
    }

    /**
     * @param acceptNew      trust unknown host keys (applies to every hop of the jump chain)
     * @param connectTimeout for each hop that sets none of its own (inventory or ~/.ssh/config):
     *                       a slow host raises its own bound without slowing the failure of the others
     */
    public static SshTarget of(ResolvedHost host, boolean acceptNew, Duration connectTimeout,
                               Duration commandTimeout) {
        SshTarget jump = host.jump() == null ? null : of(host.jump(), acceptNew, connectTimeout, commandTimeout);
        Duration timeout = host.connectTimeout() != null ? host.connectTimeout() : connectTimeout;
        return new SshTarget(host.name(), host.hostname(), host.port(), host.user(), host.identityFiles(),
                host.knownHosts(), acceptNew, jump, timeout, commandTimeout);
    }
}
