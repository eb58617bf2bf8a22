package dev.virtdeck.inventory;

import com.fasterxml.jackson.core.JsonToken;
import dev.virtdeck.inventory.AnsibleInventory.Group;
import dev.virtdeck.inventory.AnsibleInventory.HostDef;
import dev.virtdeck.inventory.YamlTree.Scalar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Ansible's INI inventory format, as its documentation describes it: host lines
 * ({@code name[:port] [key=value ...]}, ranges such as {@code web[01:20]}) before any section or
 * under {@code [group]}, {@code [group:children]} listing child groups, {@code [group:vars]} with
 * {@code key=value} lines; {@code #} and {@code ;} start comment lines. Every value is kept as
 * text with its line and column; {@link AnsibleInventory#convert} types it for virtdeck's key.
 */
final class AnsibleIni {
    private static final Pattern SECTION = Pattern.compile("\\[([^:\\]\\s]+)(?::([^\\]\\s]*))?]\\s*(?:[#;].*)?");
    private static final Pattern HOST_PORT = Pattern.compile("(.+):(\\d+)");
    /** A first line that reads as a YAML mapping key, document start or flow mapping. */
    private static final Pattern YAML_START = Pattern.compile(
            "(---|%|\\{|- |\\?).*|(\"[^\"]*\"|'[^']*'|[^\\s:#'\"\\[][^\\s:]*)\\s*:(\\s.*)?");

    private enum Kind { HOSTS, CHILDREN, VARS }

    /** One word of a host line and the 1-based column it starts at. */
    private record Word(String text, int column) {
    }

    private final Path file;
    private final AnsibleInventory inv;

    private AnsibleIni(Path file) {
        this.file = file;
        this.inv = new AnsibleInventory(file);
    }

    /**
     * @return whether the text is an INI inventory: its first line that is not blank or a comment
     *         is a {@code [section]} or a host line, not YAML
     */
    static boolean looksLikeIni(String text) {
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                return SECTION.matcher(line).matches();
            }
            return !YAML_START.matcher(line).matches();
        }
        return false;
    }

    static AnsibleInventory parse(String text, Path file) throws InventoryException {
        AnsibleIni p = new AnsibleIni(file);
        p.read(text);
        return p.inv;
    }

    private void read(String text) throws InventoryException {
        Group group = inv.groups.get(AnsibleInventory.UNGROUPED);
        Kind kind = Kind.HOSTS;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String raw = lines[i];
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            int indent = raw.indexOf(line.charAt(0)) + 1;
            if (line.startsWith("[")) {
                Matcher m = SECTION.matcher(line);
                if (!m.matches()) {
                    throw new InventoryException(file, n, indent, null, "invalid section header '" + line
                            + "'; expected [GROUP], [GROUP:children] or [GROUP:vars]");
                }
                String suffix = m.group(2);
                kind = suffix == null ? Kind.HOSTS : switch (suffix) {
                    case "children" -> Kind.CHILDREN;
                    case "vars" -> Kind.VARS;
                    default -> throw new InventoryException(file, n, indent, null, "unknown section type ':" + suffix
                            + "'; expected [GROUP], [GROUP:children] or [GROUP:vars]");
                };
                group = inv.group(m.group(1), n);
                continue;
            }
            switch (kind) {
                case HOSTS -> hostLine(group, raw, n);
                case CHILDREN -> {
                    List<Word> words = words(raw, n);
                    if (words.size() != 1) {
                        throw new InventoryException(file, n, indent, group.name + ":children",
                                "expected one group name per line, got '" + line + "'");
                    }
                    String child = words.get(0).text();
                    if (child.equals(AnsibleInventory.ALL)) {
                        throw new InventoryException(file, n, indent, group.name + ":children",
                                "'all' is every host's group and cannot be a child");
                    }
                    inv.group(child, n);
                    if (!group.children.contains(child)) {
                        group.children.add(child);
                    }
                }
                case VARS -> {
                    int eq = line.indexOf('=');
                    if (eq <= 0) {
                        throw new InventoryException(file, n, indent, group.name + ":vars",
                                "expected KEY=VALUE, got '" + line + "'");
                    }
                    String key = line.substring(0, eq).strip();
                    String value = line.substring(eq + 1).strip();
                    int at = raw.indexOf('=') + 1;
                    while (at < raw.length() && Character.isWhitespace(raw.charAt(at))) {
                        at++;
                    }
                    int col = at + 1;
                    inv.setVar(group.vars, key, value(value, n, col), group.name + ":vars", n, indent);
                }
                default -> throw new IllegalStateException(kind.toString());
            }
        }
    }

    private void hostLine(Group group, String raw, int n) throws InventoryException {
        List<Word> words = words(raw, n);
        if (words.isEmpty()) {
            return;
        }
        Word first = words.get(0);
        String pattern = first.text();
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
            throw new InventoryException(file, n, first.column(), group.name, e.getMessage());
        }
        for (String name : names) {
            HostDef h = inv.host(name, n, first.column(), group);
            if (port != null) {
                inv.setVar(h.vars, "ansible_port", new Scalar(JsonToken.VALUE_STRING, port, n,
                        first.column() + pattern.length() + 1), name, n, first.column());
            }
            for (Word w : words.subList(1, words.size())) {
                int eq = w.text().indexOf('=');
                if (eq <= 0) {
                    throw new InventoryException(file, n, w.column(), name, "expected KEY=VALUE after the host"
                            + " name, got '" + w.text() + "'");
                }
                String key = w.text().substring(0, eq);
                inv.setVar(h.vars, key, value(w.text().substring(eq + 1), n, w.column() + eq + 1), name, n,
                        w.column());
            }
        }
    }

    private static Scalar value(String text, int line, int column) {
        return new Scalar(JsonToken.VALUE_STRING, AnsibleInventory.unquote(text), line, column);
    }

    /** Splits a host line as a shell would: blanks separate, quotes group, {@code #} starts a comment. */
    private List<Word> words(String raw, int n) throws InventoryException {
        List<Word> out = new ArrayList<>();
        StringBuilder cur = null;
        int start = 0;
        char quote = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                if (cur == null) {
                    cur = new StringBuilder();
                    start = i;
                }
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (cur != null) {
                    out.add(new Word(cur.toString(), start + 1));
                    cur = null;
                }
            } else if (c == '#' && cur == null) {
                break;
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                    start = i;
                }
                cur.append(c);
            }
        }
        if (quote != 0) {
            throw new InventoryException(file, n, start + 1, null, "unclosed quote (" + quote + ")");
        }
        if (cur != null) {
            out.add(new Word(cur.toString(), start + 1));
        }
        return out;
    }
}
