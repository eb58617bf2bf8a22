package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.libvirt.DomainStates;
import dev.virtdeck.libvirt.DomainUsage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for virsh's text output (LC_ALL=C, libvirt 9). Only formats that cannot be confused by
 * odd VM names are used: {@code --name}/{@code --uuid} lists (one per line), {@code domstats
 * --raw} ({@code Domain: 'NAME'} then {@code key=value}) and {@code Key: value} blocks; never the
 * column tables, whose widths follow the longest name.
 */
public final class VirshParsers {
    /** Printed by virsh's own {@code echo} between the commands of one invocation. */
    public static final String SEPARATOR = "@@virtdeck-section@@";

    private static final String DOMAIN_PREFIX = "Domain: '";
    private static final Pattern UUID_LINE = Pattern.compile(
            "([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}) (.+)");
    private static final Pattern VERSION = Pattern.compile("(\\S+) (\\d+(?:\\.\\d+)*)\\s*$");
    /** libvirt prints this warning in labs without polkit; it is noise, not an error. */
    private static final String POLKIT_NOISE = "Authorization not available";

    private VirshParsers() {
    }

    /** @return the outputs of the commands of one invocation, split at {@link #SEPARATOR} lines */
    public static List<String> sections(String stdout) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : lines(stdout)) {
            if (line.equals(SEPARATOR)) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(line).append('\n');
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** @return the names of a {@code list --name} output (virsh ends it with an empty line) */
    public static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        for (String line : lines(text)) {
            if (!line.isEmpty()) out.add(line);
        }
        return out;
    }

    /** @return name → uuid from {@code list --all --uuid --name} ("UUID NAME" per line), in order */
    public static Map<String, String> uuidsByName(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(text)) {
            Matcher m = UUID_LINE.matcher(line);
            if (m.matches()) out.put(m.group(2), m.group(1));
        }
        return out;
    }

    /** @return name → (key → value) from {@code domstats --raw}, in virsh's order */
    public static Map<String, Map<String, String>> domstats(String text) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, String> cur = null;
        for (String line : lines(text)) {
            if (line.startsWith(DOMAIN_PREFIX) && line.endsWith("'") && line.length() > DOMAIN_PREFIX.length()) {
                cur = new LinkedHashMap<>();
                out.put(line.substring(DOMAIN_PREFIX.length(), line.length() - 1), cur);
            } else if (cur != null && line.startsWith("  ")) {
                int eq = line.indexOf('=');
                if (eq > 0) cur.put(line.substring(0, eq).strip(), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** @return key → value of a "Key:   value" block (dominfo, nodeinfo); values stripped */
    public static Map<String, String> keyValues(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(text)) {
            int colon = line.indexOf(':');
            if (colon > 0) out.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return out;
    }

    /** What {@code virsh version} says. Fields are null when absent. */
    public record Versions(String libvirt, String hypervisor, String hypervisorVersion) {
    }

    /** Parses {@code virsh version}: "Using library: libvirt 9.0.0", "Running hypervisor: QEMU 7.2.22". */
    public static Versions versions(String text) {
        Map<String, String> kv = keyValues(text);
        String lib = null;
        String hv = null;
        String hvVersion = null;
        Matcher m = VERSION.matcher(kv.getOrDefault("Using library", ""));
        if (m.find()) lib = m.group(2);
        m = VERSION.matcher(kv.getOrDefault("Running hypervisor", ""));
        if (m.find()) {
            hv = m.group(1);
            hvVersion = m.group(2);
        }
        return new Versions(lib, hv, hvVersion);
    }

    /** @return the number in a value like "262144 KiB" or "2", or null */
    public static Long leadingNumber(String value) {
        if (value == null) return null;
        Matcher m = Pattern.compile("^\\s*(\\d+)").matcher(value);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /**
     * Builds a VM from its {@code domstats --raw --state --cpu-total --balloon --vcpu} fields
     * (with {@code --block --interface}: its usage counters, see {@link DomainUsage}). CPU time and
     * usage are only reported for active domains: libvirt leaves the last run's cpu time on
     * inactive ones.
     */
    public static VmInfo vmInfo(String host, String name, String uuid, Map<String, String> stats,
                                Boolean persistent, boolean managedSave) {
        int state = intOr(stats.get("state.state"), DomainStates.NOSTATE);
        int reason = intOr(stats.get("state.reason"), 0);
        VmState normalized = DomainStates.normalize(state, managedSave);
        Long cpuTime = normalized.isActive() ? leadingNumber(stats.get("cpu.time")) : null;
        return new VmInfo(host, "libvirt", name, uuid, normalized, DomainStates.nativeState(state, reason),
                intOrNull(stats.get("vcpu.current")), intOrNull(stats.get("vcpu.maximum")),
                mib(stats.get("balloon.current")), mib(stats.get("balloon.maximum")), persistent, cpuTime, null,
                normalized.isActive() ? DomainUsage.from(k -> leadingNumber(stats.get(k))) : null);
    }

    /**
     * @return the {@code error:} lines of virsh's stderr without the "error: " prefixes, joined by
     *         "; " (libvirt often prints a summary line and then the reason); polkit noise removed
     */
    public static String errorText(String stderr) {
        List<String> errors = new ArrayList<>();
        List<String> other = new ArrayList<>();
        for (String line : lines(stderr == null ? "" : stderr)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith(POLKIT_NOISE)) continue;
            if (l.startsWith("error:")) errors.add(l.substring("error:".length()).strip());
            else other.add(l);
        }
        return String.join("; ", errors.isEmpty() ? other : errors);
    }

    /** @return true when stderr has an {@code error:} line (needed for multi-command invocations) */
    public static boolean hasError(String stderr) {
        for (String line : lines(stderr == null ? "" : stderr)) {
            if (line.strip().startsWith("error:")) return true;
        }
        return false;
    }

    static Long mib(String kib) {
        Long k = leadingNumber(kib);
        return k == null ? null : k / 1024;
    }

    private static Integer intOrNull(String s) {
        Long n = leadingNumber(s);
        return n == null ? null : n.intValue();
    }

    private static int intOr(String s, int fallback) {
        Long n = leadingNumber(s);
        return n == null ? fallback : n.intValue();
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\n", -1)) out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        // split leaves one empty string after a final newline: that is not a line
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }
}
