package dev.virtdeck.fleet;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.inventory.Host;
import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.Selector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns selectors into targets: first the hosts to connect, then, against the listing of those
 * hosts, the VMs. A host that could not be listed still yields one target per selector (named
 * {@code HOST:PATTERN}) so that its failure is reported, never silently dropped.
 */
public final class TargetResolver {
    private TargetResolver() {
    }

    /**
     * @return the inventory hosts some selector can match, in inventory order
     * @throws TargetSelectionException naming the first selector that matches no host
     */
    public static List<Host> hosts(List<Selector> selectors, Inventory inv) throws TargetSelectionException {
        List<Host> out = new ArrayList<>();
        for (Selector s : selectors) {
            boolean any = false;
            for (Host h : inv.hosts().values()) {
                if (s.matchesHost(h, inv)) {
                    any = true;
                    if (!out.contains(h)) out.add(h);
                }
            }
            if (!any) throw new TargetSelectionException("selector '" + s.text() + "' matches no host of the inventory");
        }
        List<Host> ordered = new ArrayList<>();
        for (Host h : inv.hosts().values()) if (out.contains(h)) ordered.add(h);
        return ordered;
    }

    /**
     * @return every target the selectors match, each once, in selector order then listing order
     * @throws TargetSelectionException naming the first selector that matches nothing
     */
    public static List<Target> targets(List<Selector> selectors, Inventory inv, Listing listing)
            throws TargetSelectionException {
        Map<String, Target> out = new LinkedHashMap<>();
        for (Selector s : selectors) {
            List<Target> matched = matches(s, inv, listing);
            if (matched.isEmpty()) throw new TargetSelectionException("selector '" + s.text() + "' matches nothing");
            for (Target t : matched) out.putIfAbsent(t.label(), t);
        }
        return List.copyOf(out.values());
    }

    /**
     * Exactly one target, for commands such as {@code console}. A match on a reachable host wins;
     * a selector that can only be on an unreachable host yields that host's target (it then fails
     * with the host's error).
     *
     * @throws TargetSelectionException when the selector matches nothing, or several VMs (listing them)
     */
    public static Target single(Selector selector, Inventory inv, Listing listing) throws TargetSelectionException {
        List<Target> matched = matches(selector, inv, listing);
        if (matched.isEmpty()) throw new TargetSelectionException("selector '" + selector.text() + "' matches nothing");
        List<Target> found = matched.stream().filter(t -> t.driver() != null).toList();
        if (found.size() == 1) return found.get(0);
        if (found.size() > 1) {
            List<String> names = found.stream().map(Target::label).toList();
            throw new TargetSelectionException("selector '" + selector.text() + "' is ambiguous: it matches "
                    + String.join(", ", names) + "; name exactly one VM");
        }
        return matched.get(0);
    }

    private static List<Target> matches(Selector s, Inventory inv, Listing listing) {
        List<Target> out = new ArrayList<>();
        for (HostStatus st : listing.hosts()) {
            Host h = inv.hosts().get(st.host());
            if (h == null || !s.matchesHost(h, inv)) continue;
            if (!st.ok()) {
                out.add(new Target(st.host(), vmPattern(s), null));
                continue;
            }
            for (VmInfo vm : listing.vms()) {
                if (vm.host().equals(st.host()) && s.matchesVm(vm.name())) {
                    out.add(new Target(vm.host(), vm.name(), vm.driver()));
                }
            }
        }
        return out;
    }

    private static String vmPattern(Selector s) {
        return s.vmGlob() == null || s.vmGlob().isEmpty() ? "*" : s.vmGlob();
    }
}
