package dev.virtdeck.inventory;

import dev.virtdeck.inventory.YamlTree.Entry;
import dev.virtdeck.inventory.YamlTree.ListNode;
import dev.virtdeck.inventory.YamlTree.MapNode;
import dev.virtdeck.inventory.YamlTree.Node;
import dev.virtdeck.inventory.YamlTree.Scalar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Turns a {@link YamlTree} into a validated {@link Inventory}; the first problem is thrown. */
final class InventoryReader {
    static final List<String> TOP_KEYS = List.of("defaults", "hosts", "groups");
    static final List<String> DEFAULTS_KEYS = List.of("user", "port", "identity", "known_hosts", "connect_timeout");
    static final List<String> HOST_KEYS = List.of("address", "port", "user", "identity", "known_hosts",
            "connect_timeout", "drivers", "libvirt", "xen", "sudo", "jump", "groups", "tags");
    static final List<String> LIBVIRT_KEYS = List.of("uri", "transport");
    static final List<String> XEN_KEYS = List.of("config_dir", "save_dir");
    static final List<String> GROUP_KEYS = List.of("hosts");

    private final Path file;

    /** Where each host's jump value is, for loop and unknown-host errors. */
    private final Map<String, Scalar> jumpNodes = new LinkedHashMap<>();

    /** The installed driver kinds, or null to accept any lower-case name (the reader knows no driver). */
    private final List<String> driverKinds;

    private InventoryReader(Path file, List<String> driverKinds) {
        this.driverKinds = driverKinds == null ? null : List.copyOf(driverKinds);
        this.file = file;
    }

    static Inventory read(Node root, Path file, List<String> driverKinds) throws InventoryException {
        return new InventoryReader(file, driverKinds).readRoot(root);
    }

    private Inventory readRoot(Node root) throws InventoryException {
        if (root == null || isNull(root)) {
            return Inventory.empty(file);
        }
        if (!(root instanceof MapNode rootMap)) {
            throw error(root, null, "an inventory is a mapping with the keys " + String.join(", ", TOP_KEYS)
                    + "; got " + root.kind());
        }
        Map<String, Entry> top = fields(rootMap, "", TOP_KEYS);
        Defaults defaults = top.containsKey("defaults") ? readDefaults(top.get("defaults")) : Defaults.NONE;
        Map<String, Host> hosts = new LinkedHashMap<>();
        if (top.containsKey("hosts")) {
            MapNode hostsMap = mapOrNull(top.get("hosts").value(), "hosts");
            if (hostsMap != null) {
                for (Entry e : fields(hostsMap, "hosts", null).values()) {
                    Host h = readHost(e);
                    hosts.put(h.name(), h);
                }
            }
        }
        Map<String, List<String>> declared = new LinkedHashMap<>();
        if (top.containsKey("groups")) {
            MapNode groupsMap = mapOrNull(top.get("groups").value(), "groups");
            if (groupsMap != null) {
                for (Entry e : fields(groupsMap, "groups", null).values()) {
                    declared.put(e.key(), readGroup(e, hosts));
                }
            }
        }
        checkJumps(hosts);
        return new Inventory(file, defaults, hosts, groups(hosts, declared));
    }

    private Defaults readDefaults(Entry entry) throws InventoryException {
        MapNode m = mapOrNull(entry.value(), "defaults");
        if (m == null) {
            return Defaults.NONE;
        }
        Map<String, Entry> f = fields(m, "defaults", DEFAULTS_KEYS);
        return new Defaults(string(f.get("user"), "defaults.user"), port(f.get("port"), "defaults.port"),
                string(f.get("identity"), "defaults.identity"),
                string(f.get("known_hosts"), "defaults.known_hosts"),
                seconds(f.get("connect_timeout"), "defaults.connect_timeout"));
    }

    private Host readHost(Entry entry) throws InventoryException {
        String name = entry.key();
        String path = "hosts." + name;
        if (!Names.isValidName(name)) {
            throw new InventoryException(file, entry.line(), entry.column(), path,
                    "host name '" + name + "' " + Names.nameRule());
        }
        MapNode m = mapOrNull(entry.value(), path);
        if (m == null) {
            return new Host(name, null, null, null, null, null, List.of(), LibvirtSettings.DEFAULT, false, null,
                    List.of(), List.of(), entry.line());
        }
        Map<String, Entry> f = fields(m, path, HOST_KEYS);
        String address = string(f.get("address"), path + ".address");
        if (address != null && (address.isEmpty() || address.chars().anyMatch(Character::isWhitespace))) {
            throw error(f.get("address").value(), path + ".address", "an address cannot be empty or contain spaces");
        }
        List<String> drivers = new ArrayList<>();
        if (f.containsKey("drivers")) {
            for (Scalar s : stringList(f.get("drivers"), path + ".drivers")) {
                if (driverKinds != null && !driverKinds.contains(s.text())) {
                    throw error(s, path + ".drivers", "unknown driver '" + s.text() + "'; expected one of "
                            + String.join(", ", driverKinds) + Names.hint(s.text(), driverKinds));
                }
                if (!s.text().matches("[a-z][a-z0-9_-]*")) {
                    throw error(s, path + ".drivers", "'" + s.text() + "' is not a driver name (lower-case letters,"
                            + " digits, _ and -)");
                }
                if (!drivers.contains(s.text())) {
                    drivers.add(s.text());
                }
            }
        }
        String jump = null;
        if (f.containsKey("jump")) {
            jump = string(f.get("jump"), path + ".jump");
            jumpNodes.put(name, (Scalar) f.get("jump").value());
        }
        List<String> groups = new ArrayList<>();
        if (f.containsKey("groups")) {
            for (Scalar s : stringList(f.get("groups"), path + ".groups")) {
                if (!Names.isValidName(s.text())) {
                    throw error(s, path + ".groups", "group name '" + s.text() + "' " + Names.nameRule());
                }
                if (!groups.contains(s.text())) {
                    groups.add(s.text());
                }
            }
        }
        List<String> tags = new ArrayList<>();
        if (f.containsKey("tags")) {
            for (Scalar s : stringList(f.get("tags"), path + ".tags")) {
                tags.add(s.text());
            }
        }
        return new Host(name, address, port(f.get("port"), path + ".port"), string(f.get("user"), path + ".user"),
                string(f.get("identity"), path + ".identity"), string(f.get("known_hosts"), path + ".known_hosts"),
                drivers, readLibvirt(f.get("libvirt"), path + ".libvirt"), bool(f.get("sudo"), path + ".sudo"),
                jump, groups, tags, entry.line(), readXen(f.get("xen"), path + ".xen"),
                seconds(f.get("connect_timeout"), path + ".connect_timeout"));
    }

    private XenSettings readXen(Entry entry, String path) throws InventoryException {
        Map<String, Entry> f = settings(entry, path, XEN_KEYS);
        if (f == null) {
            return XenSettings.DEFAULT;
        }
        String dir = absoluteDir(f.get("config_dir"), path + ".config_dir", "the Xen config directory");
        String save = absoluteDir(f.get("save_dir"), path + ".save_dir", "the Xen save directory");
        return new XenSettings(dir == null ? XenSettings.DEFAULT.configDir() : dir, save);
    }

    /** @return the directory, or null when not given; refuses a relative path */
    private String absoluteDir(Entry entry, String path, String what) throws InventoryException {
        String dir = string(entry, path);
        if (dir != null && !dir.startsWith("/")) {
            throw error(entry.value(), path, what + " must be an absolute path on the host; got '" + dir + "'");
        }
        return dir;
    }

    private LibvirtSettings readLibvirt(Entry entry, String path) throws InventoryException {
        Map<String, Entry> f = settings(entry, path, LIBVIRT_KEYS);
        if (f == null) {
            return LibvirtSettings.DEFAULT;
        }
        String uri = string(f.get("uri"), path + ".uri");
        if (uri != null && uri.isBlank()) {
            throw error(f.get("uri").value(), path + ".uri", "the libvirt URI cannot be empty");
        }
        Transport transport = Transport.AUTO;
        if (f.containsKey("transport")) {
            Node v = f.get("transport").value();
            String t = string(f.get("transport"), path + ".transport");
            List<String> allowed = List.of("native", "virsh", "auto");
            if (!allowed.contains(t)) {
                throw error(v, path + ".transport", "unknown transport '" + t + "'; expected native, virsh or auto"
                        + Names.hint(t, allowed));
            }
            transport = Transport.valueOf(t.toUpperCase(Locale.ROOT));
        }
        return new LibvirtSettings(uri == null ? LibvirtSettings.DEFAULT.uri() : uri, transport);
    }

    private List<String> readGroup(Entry entry, Map<String, Host> hosts) throws InventoryException {
        String path = "groups." + entry.key();
        if (!Names.isValidName(entry.key())) {
            throw new InventoryException(file, entry.line(), entry.column(), path,
                    "group name '" + entry.key() + "' " + Names.nameRule());
        }
        MapNode m = mapOrNull(entry.value(), path);
        List<String> members = new ArrayList<>();
        if (m == null) {
            return members;
        }
        Map<String, Entry> f = fields(m, path, GROUP_KEYS);
        if (f.containsKey("hosts")) {
            for (Scalar s : stringList(f.get("hosts"), path + ".hosts")) {
                if (!hosts.containsKey(s.text())) {
                    throw error(s, path + ".hosts", "unknown host '" + s.text() + "'"
                            + Names.hint(s.text(), hosts.keySet()));
                }
                if (!members.contains(s.text())) {
                    members.add(s.text());
                }
            }
        }
        return members;
    }

    /** Declared groups first (file order), then groups only named by hosts; members in host order. */
    private static Map<String, Group> groups(Map<String, Host> hosts, Map<String, List<String>> declared) {
        Set<String> names = new LinkedHashSet<>(declared.keySet());
        hosts.values().forEach(h -> names.addAll(h.groups()));
        Map<String, Group> out = new LinkedHashMap<>();
        for (String g : names) {
            List<String> listed = declared.getOrDefault(g, List.of());
            List<String> members = new ArrayList<>();
            for (Host h : hosts.values()) {
                if (listed.contains(h.name()) || h.groups().contains(g)) {
                    members.add(h.name());
                }
            }
            out.put(g, new Group(g, members));
        }
        return out;
    }

    /** A bare jump must name an inventory host, and jumps between inventory hosts must not loop. */
    private void checkJumps(Map<String, Host> hosts) throws InventoryException {
        for (Host h : hosts.values()) {
            if (h.jump() == null) {
                continue;
            }
            Scalar at = jumpNodes.get(h.name());
            String path = "hosts." + h.name() + ".jump";
            if (JumpSpec.isBareName(h.jump())) {
                if (!hosts.containsKey(h.jump())) {
                    throw error(at, path, "unknown jump host '" + h.jump() + "': a bare name must be a host of this"
                            + " inventory (write user@host or host:port for another machine)"
                            + Names.hint(h.jump(), hosts.keySet()));
                }
            } else {
                try {
                    JumpSpec.parse(h.jump());
                } catch (IllegalArgumentException e) {
                    throw error(at, path, "invalid jump: " + e.getMessage() + "; expected an inventory host or"
                            + " [user@]host[:port]");
                }
            }
        }
        for (Host h : hosts.values()) {
            List<String> chain = new ArrayList<>();
            String cur = h.name();
            while (cur != null && !chain.contains(cur)) {
                chain.add(cur);
                Host next = hosts.get(cur);
                cur = next.jump() != null && JumpSpec.isBareName(next.jump()) ? next.jump() : null;
            }
            if (cur != null) {
                List<String> cycle = new ArrayList<>(chain.subList(chain.indexOf(cur), chain.size()));
                String first = hosts.keySet().stream().filter(cycle::contains).findFirst().orElseThrow();
                // Rotate so the message starts at the host the error points to.
                while (!cycle.get(0).equals(first)) {
                    cycle.add(cycle.remove(0));
                }
                cycle.add(first);
                throw error(jumpNodes.get(first), "hosts." + first + ".jump",
                        "jump loop: " + String.join(" -> ", cycle));
            }
        }
    }

    // ---- generic typed access ------------------------------------------------------------

    /** @return the fields of an optional settings mapping (a host's {@code libvirt:}, {@code xen:}), or null when absent or empty */
    private Map<String, Entry> settings(Entry entry, String path, List<String> allowed) throws InventoryException {
        MapNode m = entry == null ? null : mapOrNull(entry.value(), path);
        return m == null ? null : fields(m, path, allowed);
    }

    /**
     * Checks a mapping's keys: duplicates, secrets and (when {@code allowed} is not null) unknown
     * keys are errors.
     */
    private Map<String, Entry> fields(MapNode m, String path, List<String> allowed) throws InventoryException {
        Map<String, Entry> out = new LinkedHashMap<>();
        for (Entry e : m.entries()) {
            String keyPath = path.isEmpty() ? e.key() : path + "." + e.key();
            Entry previous = out.get(e.key());
            if (previous != null) {
                throw new InventoryException(file, e.line(), e.column(), keyPath,
                        "duplicate key (first defined at line " + previous.line() + ")");
            }
            if (allowed != null && !allowed.contains(e.key())) {
                if (Names.looksSecret(e.key())) {
                    throw new InventoryException(file, e.line(), e.column(), keyPath,
                            "secrets never go into the inventory: virtdeck uses ssh-agent, key files (identity:) and"
                                    + " asks for passwords and passphrases on the terminal");
                }
                throw new InventoryException(file, e.line(), e.column(), keyPath, "unknown key; expected one of "
                        + String.join(", ", allowed) + Names.hint(e.key(), allowed));
            }
            out.put(e.key(), e);
        }
        return out;
    }

    private MapNode mapOrNull(Node n, String path) throws InventoryException {
        if (n instanceof MapNode m) {
            return m;
        }
        if (isNull(n)) {
            return null;
        }
        throw error(n, path, "expected a mapping (key: value lines or {...}), got " + n.kind());
    }

    private String string(Entry e, String path) throws InventoryException {
        if (e == null) {
            return null;
        }
        if (e.value() instanceof Scalar s && !s.isNull()) {
            return s.text();
        }
        throw error(e.value(), path, "expected a text value, got " + e.value().kind());
    }

    private Integer port(Entry e, String path) throws InventoryException {
        if (e == null) {
            return null;
        }
        Integer p = e.value() instanceof Scalar s && s.isInt() ? JumpSpec.parsePort(s.text()) : null;
        if (p == null) {
            throw error(e.value(), path, "expected a port number from 1 to 65535, got " + e.value().kind());
        }
        return p;
    }

    /** A whole number of seconds, at least 1 (0 would mean "no bound" to OpenSSH: never wanted here). */
    private Duration seconds(Entry e, String path) throws InventoryException {
        if (e == null) {
            return null;
        }
        if (e.value() instanceof Scalar s && s.isInt()) {
            try {
                int n = Integer.parseInt(s.text());
                if (n >= 1) {
                    return Duration.ofSeconds(n);
                }
            } catch (NumberFormatException tooBig) {
                // reported below like any other bad value
            }
        }
        throw error(e.value(), path, "expected a whole number of seconds from 1 to " + Integer.MAX_VALUE + ", got "
                + e.value().kind());
    }

    private boolean bool(Entry e, String path) throws InventoryException {
        if (e == null) {
            return false;
        }
        if (e.value() instanceof Scalar s && s.isBoolean()) {
            return s.type() == com.fasterxml.jackson.core.JsonToken.VALUE_TRUE;
        }
        throw error(e.value(), path, "expected true or false, got " + e.value().kind());
    }

    private List<Scalar> stringList(Entry e, String path) throws InventoryException {
        if (isNull(e.value())) {
            return List.of();
        }
        if (!(e.value() instanceof ListNode l)) {
            throw error(e.value(), path, "expected a list such as [a, b], got " + e.value().kind());
        }
        List<Scalar> out = new ArrayList<>();
        for (Node item : l.items()) {
            if (!(item instanceof Scalar s) || s.isNull() || s.text().isEmpty()) {
                throw error(item, path, "expected a list of names, got " + item.kind() + " as an item");
            }
            out.add(s);
        }
        return out;
    }

    private static boolean isNull(Node n) {
        return n instanceof Scalar s && s.isNull();
    }

    private InventoryException error(Node at, String key, String message) {
        return new InventoryException(file, at.line(), at.column(), key, message);
    }
}
