package dev.virtdeck.fleet;

import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshTarget;

/** Opens (or returns the pooled) SSH connection to a host; the production one is the SSH pool. */
@FunctionalInterface
public interface HostConnector {
    /** @throws dev.virtdeck.error.VirtdeckException when the host cannot be reached or authenticated */
    SshHost connect(SshTarget target);
}
