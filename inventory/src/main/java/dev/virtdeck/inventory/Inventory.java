package dev.virtdeck.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed, validated inventory.
 *
 * @param source   the file it came from (for messages); may be null for in-memory inventories
 * @param defaults the {@code defaults:} section, never null
 * @param hosts    hosts by name, in file order
 * @param groups   groups of the {@code groups:} section AND groups named only in hosts'
 *                 {@code groups:} lists, by name, in order of first appearance
 */
public record Inventory(Path source, Defaults defaults, Map<String, Host> hosts, Map<String, Group> groups) {
    public Inventory {
        defaults = defaults == null ? Defaults.NONE : defaults;
        hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    /** An inventory without hosts. */
    public static Inventory empty(Path source) {
        return new Inventory(source, Defaults.NONE, Map.of(), Map.of());
    }

    /**
     * Members of a group: hosts listed in the {@code groups:} section and hosts naming the group
     * in their own {@code groups:} list, each once, in host file order.
     *
     * @return the members, empty when the group is unknown
     */
    public List<Host> hostsInGroup(String group) {
        Group g = groups.get(group);
        List<Host> out = new ArrayList<>();
        for (Host h : hosts.values()) {
            if (h.groups().contains(group) || (g != null && g.hosts().contains(h.name()))) {
                out.add(h);
            }
        }
        return List.copyOf(out);
    }

    /** @return whether the group is declared in {@code groups:} or joined by some host */
    public boolean hasGroup(String group) {
        return groups.containsKey(group);
    }

    /** @return the host of that exact name */
    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }
}
