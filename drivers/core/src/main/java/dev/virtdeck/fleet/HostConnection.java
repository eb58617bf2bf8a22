package dev.virtdeck.fleet;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.List;
import java.util.Map;

/**
 * A host the fleet tried to connect: its drivers when it worked, its status either way.
 *
 * @param lost true when the host was connected and its connection was then lost (the status
 *             says how); false for a connection that works or never worked
 */
record HostConnection(ResolvedHost host, SshHost ssh, Map<String, HypervisorDriver> drivers, HostStatus status,
                      boolean lost) {

    HostConnection {
        drivers = Map.copyOf(drivers);
    }

    HostConnection(ResolvedHost host, SshHost ssh, Map<String, HypervisorDriver> drivers, HostStatus status) {
        this(host, ssh, drivers, status, false);
    }

    static HostConnection failed(ResolvedHost host, SshHost ssh, String error) {
        return new HostConnection(host, ssh, Map.of(), HostStatus.failed(host.name(), error));
    }

    /** @return this connection marked lost: no drivers to use until the host is connected again */
    HostConnection lostWith(String why) {
        return new HostConnection(host, ssh, Map.of(), status.failedWith("connection lost: " + why), true);
    }

    /** @return the driver of that kind, or the host's first driver when {@code kind} is null */
    HypervisorDriver driver(String kind) {
        if (kind != null) return drivers.get(kind);
        List<String> kinds = status.drivers();
        return kinds.isEmpty() ? null : drivers.get(kinds.get(0));
    }
}
