package dev.virtdeck.inventory;

import com.fasterxml.jackson.core.JsonToken;
import dev.virtdeck.inventory.YamlTree.Entry;
import dev.virtdeck.inventory.YamlTree.ListNode;
import dev.virtdeck.inventory.YamlTree.MapNode;
import dev.virtdeck.inventory.YamlTree.Node;
import dev.virtdeck.inventory.YamlTree.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An Ansible inventory (read by {@link AnsibleIni} or {@link AnsibleYaml}) turned into virtdeck's
 * own inventory tree, which {@link InventoryReader} then validates like any virtdeck file: one set
 * of rules, and every value keeps the line and column it was written at.
 *
 * <p>Groups of groups: a host is a member of its groups and of all their parents. Variables apply
 * with Ansible's precedence: {@code all}, then the other groups from the shallowest to the deepest
 * (same depth: by name), then the host; the last one wins. {@code virtdeck_tags} is the one
 * variable that adds up instead (a host's tags are those of all its groups and its own). The
 * {@code all} group's user, port, key, known_hosts and connect timeout become the inventory's
 * {@code defaults:} (below every host and group setting, above ~/.ssh/config); an export writes
 * {@code defaults:} back there, so the two round-trip.
 */
final class AnsibleInventory {
    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";

    /** Ansible variable (and its older spellings) -> virtdeck key (dotted for a nested one). */
    private static final Map<String, String> ANSIBLE_VARS = Map.ofEntries(
            Map.entry("ansible_host", "address"), Map.entry("ansible_ssh_host", "address"),
            Map.entry("ansible_port", "port"), Map.entry("ansible_ssh_port", "port"),
            Map.entry("ansible_user", "user"), Map.entry("ansible_ssh_user", "user"),
            Map.entry("ansible_ssh_private_key_file", "identity"), Map.entry("ansible_private_key_file", "identity"));

    /** virtdeck's own variables, in documentation order -> virtdeck key. */
    static final Map<String, String> VIRTDECK_VARS = orderedMap(
            "virtdeck_address", "address", "virtdeck_port", "port", "virtdeck_user", "user",
            "virtdeck_identity", "identity", "virtdeck_drivers", "drivers", "virtdeck_libvirt_uri", "libvirt.uri",
            "virtdeck_libvirt_transport", "libvirt.transport", "virtdeck_sudo", "sudo", "virtdeck_jump", "jump",
            "virtdeck_connect_timeout", "connect_timeout", "virtdeck_known_hosts", "known_hosts",
            "virtdeck_xen_config_dir", "xen.config_dir", "virtdeck_xen_save_dir", "xen.save_dir",
            "virtdeck_tags", "tags");

    /**
     * virtdeck's own spelling of an {@code ansible_*} connection variable: it beats the Ansible one
     * wherever each is set (Ansible may connect as a deploy user with become, virtdeck as root).
     */
    private static final List<String> OVERRIDES = List.of("virtdeck_address", "virtdeck_port", "virtdeck_user",
            "virtdeck_identity");

    /** Keys of the {@code all} group that become {@code defaults:}. */
    private static final List<String> DEFAULT_KEYS = List.of("user", "port", "identity", "known_hosts",
            "connect_timeout");

    /**
     * One variable as written.
     *
     * @param name  the variable's name
     * @param value its value, at its place in the file
     * @param owner what set it, for messages: a host name or {@code GROUP:vars}
     */
    record Var(String name, Node value, String owner) {
    }

    /** A group: its own hosts and child groups in file order, and its variables. */
    static final class Group {
        final String name;
        final int line;
        final List<String> hosts = new ArrayList<>();
        final List<String> children = new ArrayList<>();
        final Map<String, Var> vars = new LinkedHashMap<>();

        Group(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    /** A host: where it first appears, and its own variables (a later occurrence's win). */
    static final class HostDef {
        final String name;
        final int line;
        final int column;
        final Map<String, Var> vars = new LinkedHashMap<>();

        HostDef(String name, int line, int column) {
            this.name = name;
            this.line = line;
            this.column = column;
        }
    }

    private final Path file;
    final Map<String, Group> groups = new LinkedHashMap<>();
    final Map<String, HostDef> hosts = new LinkedHashMap<>();

    AnsibleInventory(Path file) {
        this.file = file;
        groups.put(ALL, new Group(ALL, 0));
        groups.put(UNGROUPED, new Group(UNGROUPED, 0));
    }

    Group group(String name, int line) {
        return groups.computeIfAbsent(name, n -> new Group(n, line));
    }

    /** Adds a host (first occurrence defines its place) to a group. */
    HostDef host(String name, int line, int column, Group into) {
        HostDef h = hosts.computeIfAbsent(name, n -> new HostDef(n, line, column));
        if (!into.hosts.contains(name)) {
            into.hosts.add(name);
        }
        return h;
    }

    /** Records a variable, refusing an unknown {@code virtdeck_*} name (a typo would be silently ignored). */
    void setVar(Map<String, Var> vars, String name, Node value, String owner, int line, int column)
            throws InventoryException {
        if (name.startsWith("virtdeck_") && !VIRTDECK_VARS.containsKey(name)) {
            throw new InventoryException(file, line, column, owner + "." + name, "unknown virtdeck variable; expected"
                    + " one of " + String.join(", ", VIRTDECK_VARS.keySet()) + Names.hint(name, VIRTDECK_VARS.keySet()));
        }
        String canonical = ANSIBLE_VARS.containsKey(name) ? canonicalAnsible(name) : name;
        vars.remove(canonical); // a later setting also moves last, like a fresh one
        vars.put(canonical, new Var(name, value, owner));
    }

    private static String canonicalAnsible(String name) {
        return switch (ANSIBLE_VARS.get(name)) {
            case "address" -> "ansible_host";
            case "port" -> "ansible_port";
            case "user" -> "ansible_user";
            default -> "ansible_ssh_private_key_file";
        };
    }

    /** Builds the virtdeck inventory and validates it. */
    Inventory toInventory(List<String> driverKinds) throws InventoryException {
        Map<String, Integer> depth = depths();
        Map<String, Set<String>> hostGroups = memberships();
        List<Entry> defaults = new ArrayList<>();
        Map<String, Var> allVars = groups.get(ALL).vars;
        for (Var v : allVars.values()) {
            String key = virtdeckKey(v.name());
            if (key != null && DEFAULT_KEYS.contains(key) && !OVERRIDES.contains(v.name())) {
                defaults.add(entry(key, convert(key, v.value())));
            }
        }
        List<Entry> hostEntries = new ArrayList<>();
        for (HostDef h : hosts.values()) {
            Set<String> member = hostGroups.getOrDefault(h.name, Set.of());
            List<String> ordered = new ArrayList<>(member);
            ordered.sort(Comparator.comparing((String g) -> depth.get(g)).thenComparing(g -> g));
            Map<String, Var> merged = new LinkedHashMap<>();
            Map<String, Var> overrides = new LinkedHashMap<>();
            List<Node> tags = new ArrayList<>();
            for (Var v : allVars.values()) {
                String key = virtdeckKey(v.name());
                if (key != null && (!DEFAULT_KEYS.contains(key) || OVERRIDES.contains(v.name()))) {
                    apply(merged, overrides, tags, v);
                }
            }
            for (String g : ordered) {
                if (g.equals(ALL)) {
                    continue; // applied first, above; its defaults stay defaults
                }
                groups.get(g).vars.values().forEach(v -> apply(merged, overrides, tags, v));
            }
            h.vars.values().forEach(v -> apply(merged, overrides, tags, v));
            merged.putAll(overrides);
            hostEntries.add(new Entry(h.name, h.line, h.column, hostNode(h, merged, tags, visibleGroups(member))));
        }
        List<Entry> groupEntries = new ArrayList<>();
        for (Group g : groups.values()) {
            if (isImplicit(g.name)) {
                continue;
            }
            List<Node> members = new ArrayList<>();
            for (HostDef h : hosts.values()) {
                if (hostGroups.getOrDefault(h.name, Set.of()).contains(g.name)) {
                    members.add(text(h.name, h.line, h.column));
                }
            }
            int line = Math.max(g.line, 1);
            groupEntries.add(new Entry(g.name, line, 1, new MapNode(List.of(new Entry("hosts", line, 1,
                    new ListNode(members, line, 1))), line, 1)));
        }
        List<Entry> root = new ArrayList<>();
        root.add(new Entry("defaults", 1, 1, new MapNode(defaults, 1, 1)));
        root.add(new Entry("hosts", 1, 1, new MapNode(hostEntries, 1, 1)));
        root.add(new Entry("groups", 1, 1, new MapNode(groupEntries, 1, 1)));
        try {
            return InventoryReader.read(new MapNode(root, 1, 1), file, driverKinds);
        } catch (InventoryException e) {
            throw inAnsibleTerms(e);
        }
    }

    private static boolean isImplicit(String group) {
        return group.equals(ALL) || group.equals(UNGROUPED);
    }

    /** The host's groups as virtdeck shows them: without all and ungrouped, in file order. */
    private List<String> visibleGroups(Set<String> member) {
        List<String> out = new ArrayList<>();
        for (String g : groups.keySet()) {
            if (member.contains(g) && !isImplicit(g)) {
                out.add(g);
            }
        }
        return out;
    }

    private static void apply(Map<String, Var> merged, Map<String, Var> overrides, List<Node> tags, Var v) {
        String key = virtdeckKey(v.name());
        if (key == null) {
            return; // Ansible's own settings (become, python, ...) mean nothing to virtdeck
        }
        if (key.equals("tags")) {
            tags.add(v.value());
        } else if (OVERRIDES.contains(v.name())) {
            overrides.put(key, v);
        } else {
            merged.put(key, v);
        }
    }

    private static String virtdeckKey(String var) {
        String k = ANSIBLE_VARS.get(var);
        return k != null ? k : VIRTDECK_VARS.get(var);
    }

    private MapNode hostNode(HostDef h, Map<String, Var> merged, List<Node> tagValues, List<String> hostGroups) {
        List<Entry> fields = new ArrayList<>();
        List<Entry> libvirt = new ArrayList<>();
        List<Entry> xen = new ArrayList<>();
        for (Map.Entry<String, Var> e : merged.entrySet()) {
            String key = e.getKey();
            Node value = convert(key, e.getValue().value());
            if (key.startsWith("libvirt.")) {
                libvirt.add(entry(key.substring(8), value));
            } else if (key.startsWith("xen.")) {
                xen.add(entry(key.substring(4), value));
            } else {
                fields.add(entry(key, value));
            }
        }
        if (!libvirt.isEmpty()) {
            fields.add(new Entry("libvirt", h.line, h.column, new MapNode(libvirt, h.line, h.column)));
        }
        if (!xen.isEmpty()) {
            fields.add(new Entry("xen", h.line, h.column, new MapNode(xen, h.line, h.column)));
        }
        List<Node> groupNodes = new ArrayList<>();
        hostGroups.forEach(g -> groupNodes.add(text(g, h.line, h.column)));
        fields.add(new Entry("groups", h.line, h.column, new ListNode(groupNodes, h.line, h.column)));
        List<Node> tags = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Node t : tagValues) {
            Node list = convert("tags", t);
            if (!(list instanceof ListNode l)) {
                return failFast(fields, list); // the reader reports the wrong type at its place
            }
            for (Node item : l.items()) {
                if (!(item instanceof Scalar s) || seen.add(s.text())) {
                    tags.add(item);
                }
            }
        }
        fields.add(new Entry("tags", h.line, h.column, new ListNode(tags, h.line, h.column)));
        return new MapNode(fields, h.line, h.column);
    }

    /** Hands a tags value that is not a list to the reader as is, so that it reports it at its place. */
    private static MapNode failFast(List<Entry> fields, Node wrong) {
        List<Entry> out = new ArrayList<>(fields);
        out.add(entry("tags", wrong));
        return new MapNode(out, wrong.line(), wrong.column());
    }

    private static Entry entry(String key, Node value) {
        return new Entry(key, value.line(), value.column(), value);
    }

    /**
     * Gives a value the YAML type virtdeck's key wants when its text allows it: INI values are all
     * text, and YAML users write {@code "2222"} or {@code libvirt,xl} too. Anything else is left as
     * is, for the reader to refuse with its usual message.
     */
    static Node convert(String key, Node value) {
        if (!(value instanceof Scalar s) || s.isNull()) {
            return value;
        }
        String t = s.text().strip();
        switch (key) {
            case "port", "connect_timeout" -> {
                return t.matches("\\d{1,10}") ? new Scalar(JsonToken.VALUE_NUMBER_INT, t, s.line(), s.column()) : s;
            }
            case "sudo" -> {
                String b = t.toLowerCase(Locale.ROOT);
                if (List.of("true", "yes", "on").contains(b)) {
                    return new Scalar(JsonToken.VALUE_TRUE, "true", s.line(), s.column());
                }
                if (List.of("false", "no", "off").contains(b)) {
                    return new Scalar(JsonToken.VALUE_FALSE, "false", s.line(), s.column());
                }
                return s;
            }
            case "drivers", "tags" -> {
                if (s.isBoolean() || s.isInt() && key.equals("drivers")) {
                    return s;
                }
                String inner = t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
                List<Node> items = new ArrayList<>();
                for (String part : inner.split(",")) {
                    String p = unquote(part.strip());
                    if (!p.isEmpty()) {
                        items.add(new Scalar(JsonToken.VALUE_STRING, p, s.line(), s.column()));
                    }
                }
                return new ListNode(items, s.line(), s.column());
            }
            default -> {
                return new Scalar(JsonToken.VALUE_STRING, s.text(), s.line(), s.column());
            }
        }
    }

    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static Scalar text(String s, int line, int column) {
        return new Scalar(JsonToken.VALUE_STRING, s, line, column);
    }

    /**
     * Depth of each group: {@code all} is 0, a group is one deeper than its deepest parent (a
     * group without a parent is a child of {@code all}).
     */
    private Map<String, Integer> depths() throws InventoryException {
        Map<String, List<String>> parents = new HashMap<>();
        for (Group g : groups.values()) {
            for (String c : g.children) {
                parents.computeIfAbsent(c, k -> new ArrayList<>()).add(g.name);
            }
        }
        Map<String, Integer> depth = new HashMap<>();
        for (String g : groups.keySet()) {
            depth(g, parents, depth, new ArrayList<>());
        }
        return depth;
    }

    private int depth(String g, Map<String, List<String>> parents, Map<String, Integer> depth, List<String> path)
            throws InventoryException {
        Integer known = depth.get(g);
        if (known != null) {
            return known;
        }
        if (path.contains(g)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(g), path.size()));
            cycle.add(g);
            java.util.Collections.reverse(cycle);
            Group at = groups.get(g);
            throw new InventoryException(file, at.line, 0, g, "groups contain each other: "
                    + String.join(" -> ", cycle));
        }
        if (g.equals(ALL)) {
            depth.put(g, 0);
            return 0;
        }
        path.add(g);
        int d = 1;
        for (String p : parents.getOrDefault(g, List.of())) {
            d = Math.max(d, depth(p, parents, depth, path) + 1);
        }
        path.remove(path.size() - 1);
        depth.put(g, d);
        return d;
    }

    /** Each host's groups: the groups listing it and, through children, all their parents. */
    private Map<String, Set<String>> memberships() {
        Map<String, Set<String>> out = new HashMap<>();
        for (Group g : groups.values()) {
            for (String h : hostsBelow(g, new LinkedHashSet<>())) {
                out.computeIfAbsent(h, k -> new LinkedHashSet<>()).add(g.name);
            }
        }
        return out;
    }

    private Set<String> hostsBelow(Group g, Set<String> visited) {
        Set<String> out = new LinkedHashSet<>(g.hosts);
        if (visited.add(g.name)) {
            for (String c : g.children) {
                out.addAll(hostsBelow(groups.get(c), visited));
            }
        }
        return out;
    }

    /**
     * The reader names virtdeck's keys ({@code hosts.web01.port}); a value that came from an
     * Ansible variable is named as written there ({@code web01.ansible_port}).
     */
    private InventoryException inAnsibleTerms(InventoryException e) {
        if (e.line() > 0) {
            for (Var v : allVars()) {
                if (v.value().line() == e.line() && v.value().column() == e.column()) {
                    return new InventoryException(file, e.line(), e.column(), v.owner() + "." + v.name(), e.detail(),
                            e);
                }
            }
        }
        return e;
    }

    private List<Var> allVars() {
        List<Var> out = new ArrayList<>();
        groups.values().forEach(g -> out.addAll(g.vars.values()));
        hosts.values().forEach(h -> out.addAll(h.vars.values()));
        return out;
    }

    private static Map<String, String> orderedMap(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
