package dev.virtdeck.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes an inventory as an Ansible YAML inventory that virtdeck reads back to the same hosts,
 * groups and settings: {@code defaults:} become {@code all: vars:}, each host its
 * {@code ansible_*} and {@code virtdeck_*} variables, each group a child of {@code all} listing
 * all its members (flat: nested groups come out as their members). Values equal to virtdeck's
 * defaults are left out. Relative key paths are written as they are (virtdeck takes them relative
 * to the inventory file's directory).
 */
public final class AnsibleExport {
    /** Text YAML reads back as the same text without quotes: no number, boolean, null or syntax. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/~][A-Za-z0-9_./~@+=-]*");
    private static final List<String> YAML_WORDS = List.of("true", "false", "yes", "no", "on", "off", "y", "n",
            "null", "~");

    private AnsibleExport() {
    }

    /** @return the YAML text, ending with a newline */
    public static String write(Inventory inv) {
        StringBuilder out = new StringBuilder();
        out.append("# Ansible inventory written by virtdeck (inventory export); virtdeck reads it with -i.\n");
        out.append("all:\n");
        List<String> vars = new ArrayList<>();
        Defaults d = inv.defaults();
        add(vars, "ansible_user", d.user());
        add(vars, "ansible_port", d.port());
        add(vars, "ansible_ssh_private_key_file", d.identity());
        add(vars, "virtdeck_known_hosts", d.knownHosts());
        add(vars, "virtdeck_connect_timeout", d.connectTimeout() == null ? null : d.connectTimeout().toSeconds());
        if (!vars.isEmpty()) {
            out.append("  vars:\n");
            vars.forEach(v -> out.append("    ").append(v).append('\n'));
        }
        out.append(inv.hosts().isEmpty() ? "  hosts: {}\n" : "  hosts:\n");
        for (Host h : inv.hosts().values()) {
            List<String> hv = hostVars(h);
            out.append("    ").append(scalar(h.name())).append(hv.isEmpty() ? ": {}\n" : ":\n");
            hv.forEach(v -> out.append("      ").append(v).append('\n'));
        }
        if (!inv.groups().isEmpty()) {
            out.append("  children:\n");
            for (Group g : inv.groups().values()) {
                List<Host> members = inv.hostsInGroup(g.name());
                out.append("    ").append(scalar(g.name())).append(members.isEmpty() ? ": {}\n" : ":\n");
                if (!members.isEmpty()) {
                    out.append("      hosts:\n");
                    members.forEach(m -> out.append("        ").append(scalar(m.name())).append(": {}\n"));
                }
            }
        }
        return out.toString();
    }

    private static List<String> hostVars(Host h) {
        List<String> v = new ArrayList<>();
        add(v, "ansible_host", h.address().equals(h.name()) ? null : h.address());
        add(v, "ansible_port", h.port());
        add(v, "ansible_user", h.user());
        add(v, "ansible_ssh_private_key_file", h.identity());
        add(v, "virtdeck_known_hosts", h.knownHosts());
        add(v, "virtdeck_connect_timeout", h.connectTimeout() == null ? null : h.connectTimeout().toSeconds());
        if (!h.drivers().isEmpty()) {
            v.add("virtdeck_drivers: " + list(h.drivers()));
        }
        LibvirtSettings lv = h.libvirt();
        add(v, "virtdeck_libvirt_uri", lv.uri().equals(LibvirtSettings.DEFAULT.uri()) ? null : lv.uri());
        add(v, "virtdeck_libvirt_transport", lv.transport() == Transport.AUTO ? null : lv.transport().yamlName());
        XenSettings xen = h.xen();
        add(v, "virtdeck_xen_config_dir", xen.configDir().equals(XenSettings.DEFAULT.configDir()) ? null
                : xen.configDir());
        add(v, "virtdeck_xen_save_dir", xen.saveDir());
        if (h.sudo()) {
            v.add("virtdeck_sudo: true");
        }
        add(v, "virtdeck_jump", h.jump());
        if (!h.tags().isEmpty()) {
            v.add("virtdeck_tags: " + list(h.tags()));
        }
        return v;
    }

    private static void add(List<String> vars, String name, Object value) {
        if (value != null) {
            vars.add(name + ": " + (value instanceof String s ? scalar(s) : value.toString()));
        }
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items.stream().map(AnsibleExport::scalar).toList()) + "]";
    }

    /** @return the text plain when YAML reads it back as that text, else double-quoted */
    static String scalar(String s) {
        if (PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
            return s;
        }
        StringBuilder q = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\x%02x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }
}
