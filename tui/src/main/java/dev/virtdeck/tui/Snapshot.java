package dev.virtdeck.tui;

import dev.virtdeck.driver.Capabilities;

import java.util.List;
import java.util.Map;

/**
 * An immutable view of the whole fleet that the UI thread swaps in at once.
 *
 * @param hosts        hosts in inventory order
 * @param rows         VMs host by host, in driver order
 * @param capabilities per host, per driver kind, what the driver can do
 * @param version      increases with every change
 */
public record Snapshot(List<HostView> hosts, List<VmRow> rows, Map<String, Map<String, Capabilities>> capabilities,
                       long version) {
    public static final Snapshot EMPTY = new Snapshot(List.of(), List.of(), Map.of(), 0);

    public Snapshot {
        hosts = List.copyOf(hosts);
        rows = List.copyOf(rows);
        capabilities = Map.copyOf(capabilities);
    }

    /** @return the host's view, or null */
    public HostView host(String name) {
        for (HostView h : hosts) if (h.name().equals(name)) return h;
        return null;
    }

    /** @return what the row's driver can do, or null when unknown (host never listed) */
    public Capabilities capabilities(VmRow row) {
        Map<String, Capabilities> byKind = capabilities.get(row.vm().host());
        return byKind == null ? null : byKind.get(row.vm().driver());
    }
}
