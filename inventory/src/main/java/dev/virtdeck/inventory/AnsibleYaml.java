package dev.virtdeck.inventory;

import dev.virtdeck.inventory.AnsibleInventory.Group;
import dev.virtdeck.inventory.AnsibleInventory.HostDef;
import dev.virtdeck.inventory.YamlTree.Entry;
import dev.virtdeck.inventory.YamlTree.MapNode;
import dev.virtdeck.inventory.YamlTree.Node;
import dev.virtdeck.inventory.YamlTree.Scalar;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Ansible's YAML inventory format, as its documentation describes it: top-level groups
 * (usually just {@code all}), each a mapping of {@code hosts:} (host name or range -> its
 * variables), {@code children:} (group name -> group, nested to any depth) and {@code vars:}.
 */
final class AnsibleYaml {
    private static final List<String> GROUP_KEYS = List.of("hosts", "children", "vars");
    private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d+)");

    private final Path file;
    private final AnsibleInventory inv;

    private AnsibleYaml(Path file) {
        this.file = file;
        this.inv = new AnsibleInventory(file);
    }

    /**
     * @return whether a YAML document is an Ansible inventory rather than virtdeck's: it has a
     *         top-level {@code all:}, or none of virtdeck's top-level keys and only groups made of
     *         hosts, children and vars
     */
    static boolean looksLikeAnsible(Node root) {
        if (!(root instanceof MapNode m) || m.entries().isEmpty()) {
            return false;
        }
        boolean group = false;
        for (Entry e : m.entries()) {
            if (e.key().equals(AnsibleInventory.ALL)) {
                return true;
            }
            if (InventoryReader.TOP_KEYS.contains(e.key())) {
                return false;
            }
            if (e.value() instanceof MapNode g) {
                if (!g.entries().stream().allMatch(x -> GROUP_KEYS.contains(x.key()))) {
                    return false;
                }
                group |= !g.entries().isEmpty();
            } else if (!(e.value() instanceof Scalar s && s.isNull())) {
                return false;
            }
        }
        return group;
    }

    static AnsibleInventory parse(Node root, Path file) throws InventoryException {
        AnsibleYaml p = new AnsibleYaml(file);
        for (Entry e : ((MapNode) root).entries()) {
            Group top = p.inv.group(e.key(), e.line());
            p.readGroup(top, e.value(), e.key());
        }
        return p.inv;
    }

    private void readGroup(Group g, Node node, String path) throws InventoryException {
        MapNode m = map(node, path);
        if (m == null) {
            return;
        }
        for (Entry e : m.entries()) {
            String here = path + "." + e.key();
            switch (e.key()) {
                case "hosts" -> {
                    MapNode hosts = map(e.value(), here);
                    if (hosts != null) {
                        for (Entry h : hosts.entries()) {
                            readHost(g, h, here + "." + h.key());
                        }
                    }
                }
                case "children" -> {
                    MapNode children = map(e.value(), here);
                    if (children != null) {
                        for (Entry c : children.entries()) {
                            if (c.key().equals(AnsibleInventory.ALL)) {
                                throw new InventoryException(file, c.line(), c.column(), here + "." + c.key(),
                                        "'all' is every host's group and cannot be a child");
                            }
                            Group child = inv.group(c.key(), c.line());
                            if (!g.children.contains(c.key())) {
                                g.children.add(c.key());
                            }
                            readGroup(child, c.value(), here + "." + c.key());
                        }
                    }
                }
                case "vars" -> {
                    MapNode vars = map(e.value(), here);
                    if (vars != null) {
                        for (Entry v : vars.entries()) {
                            inv.setVar(g.vars, v.key(), v.value(), g.name + ":vars", v.line(), v.column());
                        }
                    }
                }
                default -> throw new InventoryException(file, e.line(), e.column(), here, "unknown key in a group;"
                        + " expected one of hosts, children, vars" + Names.hint(e.key(), GROUP_KEYS));
            }
        }
    }

    private void readHost(Group g, Entry h, String path) throws InventoryException {
        String pattern = h.key();
        String port = null;
        Matcher hp = HOST_PORT.matcher(pattern);
        if (hp.matches()) {
            pattern = hp.group(1);
            port = hp.group(2);
        }
        List<String> names;
        try {
            names = HostRanges.expand(pattern);
        } catch (IllegalArgumentException e) {
            throw new InventoryException(file, h.line(), h.column(), path, e.getMessage());
        }
        MapNode vars = map(h.value(), path);
        for (String name : names) {
            HostDef def = inv.host(name, h.line(), h.column(), g);
            if (port != null) {
                inv.setVar(def.vars, "ansible_port", new Scalar(com.fasterxml.jackson.core.JsonToken.VALUE_STRING,
                        port, h.line(), h.column() + pattern.length() + 1), name, h.line(), h.column());
            }
            if (vars != null) {
                for (Entry v : vars.entries()) {
                    inv.setVar(def.vars, v.key(), v.value(), name, v.line(), v.column());
                }
            }
        }
    }

    private MapNode map(Node n, String path) throws InventoryException {
        if (n instanceof MapNode m) {
            return m;
        }
        if (n instanceof Scalar s && s.isNull()) {
            return null;
        }
        throw new InventoryException(file, n.line(), n.column(), path,
                "expected a mapping (key: value lines or {...}), got " + n.kind());
    }
}
