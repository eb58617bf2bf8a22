package dev.virtdeck.cli.complete;

import dev.virtdeck.inventory.Host;
import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.Selector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The names completion offers for selectors, from the inventory and the VM-name cache only (no
 * host is contacted).
 *
 * @param hosts  inventory host names, in file order
 * @param groups group names
 * @param tags   the hosts' tags
 * @param vms    cached VM names by host
 */
record FleetNames(List<String> hosts, List<String> groups, List<String> tags, Map<String, List<String>> vms) {
    private static final String TAG = "tag:";

    static FleetNames of(Inventory inv, Map<String, List<String>> cachedVms) {
        Set<String> tags = new LinkedHashSet<>();
        for (Host h : inv.hosts().values()) tags.addAll(h.tags());
        return new FleetNames(List.copyOf(inv.hosts().keySet()), List.copyOf(inv.groups().keySet()), List.copyOf(tags),
                cachedVms);
    }

    /**
     * Selector candidates for the word {@code cur}, as scp does with {@code host:path}: before a
     * {@code :}, {@code HOST:} for each host, {@code @GROUP}, {@code tag:TAG} and each cached VM
     * alone ({@code VM}, on any host); after one, {@code HOST:VM} for the cached VMs. Names are
     * escaped as selectors need ({@link Selector#exact}); cached VMs of hosts no longer in the
     * inventory are left out.
     */
    List<String> selectors(String cur) {
        Set<String> out = new LinkedHashSet<>();
        boolean vmPart = unescapedColon(cur) && !cur.startsWith("@") && !cur.startsWith(TAG);
        for (String h : hosts) {
            if (!vmPart) out.add(hostPart(h) + ":");
            for (String vm : vms.getOrDefault(h, List.of())) out.add(vmPart ? Selector.exact(h, vm) : Selector.escape(vm));
        }
        if (!vmPart) {
            for (String g : groups) out.add("@" + g);
            for (String t : tags) out.add(TAG + t);
        }
        return new ArrayList<>(out);
    }

    private static boolean unescapedColon(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') i++;
            else if (s.charAt(i) == ':') return true;
        }
        return false;
    }

    /** Terms of {@code -l}: hosts, groups, {@code @GROUP}, {@code tag:TAG}. */
    List<String> limitTerms() {
        List<String> out = new ArrayList<>(hosts);
        out.addAll(groups);
        for (String g : groups) out.add("@" + g);
        for (String t : tags) out.add(TAG + t);
        return out;
    }

    private static String hostPart(String host) {
        String h = Selector.escape(host);
        return h.equals("tag") ? "ta[g]" : h;
    }
}
