package dev.virtdeck.fleet;

import java.util.List;

/**
 * Reachability of one host.
 *
 * @param host      inventory name
 * @param ok        connected, authenticated and every driver opened
 * @param error     why not, without the host prefix; null when ok
 * @param latencyMs round trip of a trivial command over the held connection; null when unknown
 * @param drivers   driver kinds opened on the host (empty when not ok)
 * @param transport how the drivers talk to the hypervisor ("native", "virsh"), or null when unknown
 */
public record HostStatus(String host, boolean ok, String error, Long latencyMs, List<String> drivers,
                         String transport) {
    public HostStatus {
        drivers = List.copyOf(drivers);
    }

    public static HostStatus failed(String host, String error) {
        return new HostStatus(host, false, error, null, List.of(), null);
    }

    /** @return this status turned into a failure (a later call on the host failed) */
    public HostStatus failedWith(String why) {
        return new HostStatus(host, false, why, latencyMs, drivers, transport);
    }
}
