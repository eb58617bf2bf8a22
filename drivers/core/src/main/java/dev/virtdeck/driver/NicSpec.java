package dev.virtdeck.driver;

import java.util.Locale;

/**
 * The network interface of a new VM, as {@code create --network} spells it: {@code NAME} (a
 * hypervisor network, e.g. libvirt's {@code default}), {@code bridge=BR} (a host bridge),
 * {@code none}, or nothing said ({@link Kind#DEFAULT}: the driver's default, which on libvirt is a
 * NIC on its {@code default} network when the host has one, on VirtualBox NIC 1 on NAT, on XAPI the
 * template's VIFs, and no NIC on xl/xm; docs/cli.md has the table).
 *
 * @param name the network or bridge name; null for {@link Kind#DEFAULT} and {@link Kind#NONE}
 */
public record NicSpec(Kind kind, String name) {
    public enum Kind { DEFAULT, NETWORK, BRIDGE, NONE }

    public static final NicSpec DEFAULT = new NicSpec(Kind.DEFAULT, null);
    public static final NicSpec NONE = new NicSpec(Kind.NONE, null);

    public NicSpec {
        boolean named = kind == Kind.NETWORK || kind == Kind.BRIDGE;
        if (named && (name == null || name.isBlank())) throw new IllegalArgumentException(kind + " needs a name");
        if (!named && name != null) throw new IllegalArgumentException(kind + " takes no name");
    }

    public static NicSpec network(String name) {
        return new NicSpec(Kind.NETWORK, name);
    }

    public static NicSpec bridge(String name) {
        return new NicSpec(Kind.BRIDGE, name);
    }

    /**
     * @param text {@code NAME}, {@code network=NAME}, {@code bridge=BR} or {@code none}
     * @throws IllegalArgumentException for an empty name
     */
    public static NicSpec parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("none")) return NONE;
        int eq = t.indexOf('=');
        if (eq >= 0) {
            String key = t.substring(0, eq).toLowerCase(Locale.ROOT);
            String value = t.substring(eq + 1);
            if (value.isBlank()) throw new IllegalArgumentException("'" + text + "' names no " + key);
            return switch (key) {
                case "bridge" -> bridge(value);
                case "network" -> network(value);
                default -> throw new IllegalArgumentException("'" + text + "': expected NAME, network=NAME, bridge=BR"
                        + " or none");
            };
        }
        if (t.isEmpty()) throw new IllegalArgumentException("the network name is empty");
        return network(t);
    }

    /** @return the {@code --network} value that reads back as this spec, or null for the default */
    public String spell() {
        return switch (kind) {
            case DEFAULT -> null;
            case NONE -> "none";
            case BRIDGE -> "bridge=" + name;
            case NETWORK -> name.contains("=") || name.equalsIgnoreCase("none") ? "network=" + name : name;
        };
    }

    /** @return how a result or plan words it, e.g. "network default", "bridge br0", "no NIC" */
    public String describe() {
        return switch (kind) {
            case DEFAULT -> "the default NIC";
            case NONE -> "no NIC";
            case BRIDGE -> "bridge " + name;
            case NETWORK -> "network " + name;
        };
    }
}
