package dev.virtdeck.tui;

import java.time.Instant;
import java.util.List;

/**
 * What the host pane shows for one host.
 *
 * @param name        inventory name
 * @param groups      inventory groups, for grouping in the pane
 * @param reachable   the last refresh listed the host; false before the first one ends too
 * @param latencyMs   SSH round trip measured when connecting, or null
 * @param listMs      how long the last refresh took, or null
 * @param lastOk      when the host was last listed, or null (never)
 * @param error       why the last refresh failed, or null
 * @param drivers     driver kinds opened on the host
 * @param transport   how the drivers talk to the hypervisor, or null
 * @param refreshing  a refresh is running now
 * @param stale       rows shown for this host are from an earlier, successful refresh
 * @param retryAt     when a host that could not be connected is tried again, or null
 * @param totals      the host's CPUs and memory (the overcommit view), or null until read
 */
public record HostView(String name, List<String> groups, boolean reachable, Long latencyMs, Long listMs,
                       Instant lastOk, String error, List<String> drivers, String transport, boolean refreshing,
                       boolean stale, Instant retryAt, Totals totals) {
    public HostView {
        groups = List.copyOf(groups);
        drivers = List.copyOf(drivers);
    }

    /** A host view without totals. */
    public HostView(String name, List<String> groups, boolean reachable, Long latencyMs, Long listMs,
                    Instant lastOk, String error, List<String> drivers, String transport, boolean refreshing,
                    boolean stale, Instant retryAt) {
        this(name, groups, reachable, latencyMs, listMs, lastOk, error, drivers, transport, refreshing, stale, retryAt,
                null);
    }

    /**
     * What the host has to give its VMs, read once per connection ({@code hostInfo}).
     *
     * @param cpus      logical CPUs, or null
     * @param memoryMiB total memory, or null
     */
    public record Totals(Integer cpus, Long memoryMiB) {
    }

    /** @return this view with the host's totals */
    public HostView withTotals(Totals t) {
        return new HostView(name, groups, reachable, latencyMs, listMs, lastOk, error, drivers, transport, refreshing,
                stale, retryAt, t);
    }

    /** A host not refreshed yet. */
    public static HostView pending(String name, List<String> groups) {
        return new HostView(name, groups, false, null, null, null, null, List.of(), null, true, false, null);
    }

    public HostView withRefreshing(boolean r) {
        return new HostView(name, groups, reachable, latencyMs, listMs, lastOk, error, drivers, transport, r, stale, retryAt,
                totals);
    }

    /** @return the first group, or "" for ungrouped hosts */
    public String group() {
        return groups.isEmpty() ? "" : groups.get(0);
    }
}
