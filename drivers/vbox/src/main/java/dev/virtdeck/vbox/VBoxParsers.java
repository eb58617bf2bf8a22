package dev.virtdeck.vbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for VBoxManage output (reference/vboxmanage/). Only machine-readable or fixed-label
 * formats are used: {@code list vms} lines, {@code showvminfo --machinereadable} key=value lines,
 * and the "Label: value" lists of {@code list hostinfo|systemproperties}. The human
 * {@code showvminfo} format is never parsed: its labels are translated since 7.0.
 */
public final class VBoxParsers {
    /** {@code "<name>" {<uuid>}}; the name is NOT escaped, so the greedy group takes inner quotes. */
    private static final Pattern VM_LINE = Pattern.compile("^\"(.*)\" \\{([0-9a-fA-F-]+)\\}$");
    private static final Pattern ERROR_LINE = Pattern.compile("^VBoxManage(?:\\.exe)?: error: ?(.*)$");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d+)");

    private VBoxParsers() {
    }

    /** One registered VM of {@code list vms}. */
    public record VmRef(String name, String uuid) {
        /** @return true for a VM whose settings cannot be read ({@code "<inaccessible>"}) */
        public boolean inaccessible() {
            return "<inaccessible>".equals(name);
        }
    }

    /** @return the VMs of {@code list vms} / {@code list runningvms}, in output order */
    public static List<VmRef> vms(String stdout) {
        List<VmRef> out = new ArrayList<>();
        for (String line : lines(stdout)) {
            Matcher m = VM_LINE.matcher(line);
            if (m.matches()) out.add(new VmRef(m.group(1), m.group(2)));
        }
        return out;
    }

    /**
     * Parses {@code showvminfo --machinereadable}: {@code key=value} lines where key and value may
     * be double-quoted; quoted values are unescaped for 5.0+ and may span lines (a description
     * with newlines). Lines that are not key=value (7.0.0's stray "Encryption:" line) are skipped;
     * the first occurrence of a key wins.
     */
    public static MachineInfo machineReadable(String stdout, VBoxVersion version) {
        boolean escapes = version == null || version.escapesValues();
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> lines = lines(stdout);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int[] pos = {0};
            String key;
            if (line.startsWith("\"")) {
                key = quoted(line, pos, escapes);
                if (key == null) continue;
            } else {
                int eq = line.indexOf('=');
                if (eq <= 0) continue;
                key = line.substring(0, eq);
                if (!key.matches("[A-Za-z0-9_\\-()\\[\\]/.:]+")) continue;
                pos[0] = eq;
            }
            if (pos[0] >= line.length() || line.charAt(pos[0]) != '=') continue;
            pos[0]++;
            String value;
            if (pos[0] < line.length() && line.charAt(pos[0]) == '"') {
                if (!escapes) {
                    // 4.x: no escaping, the value runs to the last quote of the line
                    int last = line.lastIndexOf('"');
                    value = last > pos[0] ? line.substring(pos[0] + 1, last) : line.substring(pos[0] + 1);
                } else {
                    int start = pos[0];
                    StringBuilder joined = new StringBuilder(line);
                    String v = quoted(joined.toString(), pos, true);
                    while (v == null && i + 1 < lines.size()) {
                        joined.append('\n').append(lines.get(++i));
                        pos[0] = start;
                        v = quoted(joined.toString(), pos, true);
                    }
                    if (v == null) continue;
                    value = v;
                }
            } else {
                value = line.substring(pos[0]);
            }
            keys.putIfAbsent(key, value);
        }
        return new MachineInfo(keys);
    }

    /**
     * Reads a double-quoted string starting at {@code pos[0]} (which holds the opening quote).
     *
     * @return the unescaped text with pos[0] just after the closing quote, or null when the
     *         closing quote is missing
     */
    static String quoted(String s, int[] pos, boolean escapes) {
        StringBuilder sb = new StringBuilder();
        for (int i = pos[0] + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (escapes && c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '\\' || s.charAt(i + 1) == '"')) {
                sb.append(s.charAt(++i));
            } else if (c == '"') {
                pos[0] = i + 1;
                return sb.toString();
            } else {
                sb.append(c);
            }
        }
        return null;
    }

    /**
     * Parses "Label: value" lists ({@code list hostinfo}, {@code list systemproperties}): split at
     * the first ':' and trimmed. 7.1 repeats labels per platform section: the first one wins.
     */
    public static Map<String, String> labels(String stdout) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : lines(stdout)) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            out.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        return out;
    }

    /** @return the number at the start of "3661 MByte" / "2097152 Megabytes" / "32", or null */
    public static Long leadingNumber(String text) {
        if (text == null) return null;
        Matcher m = LEADING_NUMBER.matcher(text);
        return m.find() ? Long.valueOf(m.group(1)) : null;
    }

    /** @return true when stderr holds a {@code VBoxManage: error:} line (a failure even with exit 0) */
    public static boolean hasError(String stderr) {
        for (String line : lines(stderr)) {
            if (ERROR_LINE.matcher(line).matches()) return true;
        }
        return false;
    }

    /**
     * @return the message of an error block: the {@code error:} lines without the prefix, minus
     *         the "Details:" and "Context:" lines (which carry codes and source line numbers)
     */
    public static String errorText(String stderr) {
        List<String> msgs = new ArrayList<>();
        for (String line : lines(stderr)) {
            Matcher m = ERROR_LINE.matcher(line);
            if (!m.matches()) continue;
            String msg = m.group(1).strip();
            if (msg.startsWith("Details:") || msg.startsWith("Context:") || msg.isEmpty()) continue;
            msgs.add(msg);
        }
        return String.join(" ", msgs);
    }

    /** @return the {@code UUID: ...} of createvm / the UUID of "Medium created. UUID: ...", or null */
    public static String createdUuid(String stdout) {
        for (String line : lines(stdout)) {
            int at = line.indexOf("UUID: ");
            if (at >= 0) return line.substring(at + 6).strip();
        }
        return null;
    }

    /** @return the path of createvm's "Settings file: '<path>'" line, or null */
    public static String settingsFile(String stdout) {
        for (String line : lines(stdout)) {
            if (line.startsWith("Settings file: '") && line.endsWith("'")) {
                return line.substring("Settings file: '".length(), line.length() - 1);
            }
        }
        return null;
    }

    /**
     * Parses {@code metrics query}: after the (translated since 7.0, so not matched) header, one
     * line per object and metric, {@code %-15s %-40s } then the retained samples joined by ", ",
     * each a number and its unit ({@code 12.34%}, {@code 301234 kB}, {@code 1536 B/s}); a metric
     * without a sample ends after its name. Object names (VM names, or {@code host}) may hold
     * spaces, so a line is split at the last of {@code metrics} it contains. An object named twice
     * for one metric (two VMs of one name, a VM called "host") is left out: its figures cannot be
     * told apart.
     *
     * @param metrics the metric names asked for
     * @return object name to metric to its newest sample; a metric without a sample is absent
     */
    public static Map<String, Map<String, Double>> metrics(String stdout, List<String> metrics) {
        StringBuilder alt = new StringBuilder();
        for (String m : metrics) alt.append(alt.isEmpty() ? "" : "|").append(Pattern.quote(m));
        Pattern line = Pattern.compile("^(.*\\S)\\s+(" + alt + ")(\\s.*)?$");
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> twice = new java.util.HashSet<>();
        for (String l : lines(stdout)) {
            Matcher m = line.matcher(l);
            if (!m.matches()) continue;
            String object = m.group(1);
            if (!seen.add(object + "\n" + m.group(2))) twice.add(object);
            Double v = newestSample(m.group(3));
            if (v != null) out.computeIfAbsent(object, k -> new LinkedHashMap<>()).put(m.group(2), v);
        }
        out.keySet().removeAll(twice);
        return out;
    }

    private static final Pattern SAMPLE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*\\S*$");

    /** @return the last of "1.00%, 2.50%" (the newest retained sample) as a number, or null */
    private static Double newestSample(String values) {
        if (values == null || values.isBlank()) return null;
        String[] all = values.strip().split(",\\s*");
        Matcher m = SAMPLE.matcher(all[all.length - 1].strip());
        return m.matches() ? Double.valueOf(m.group(1)) : null;
    }

    /** Lines without their end (\n or \r\n); progress pieces without a newline stay on their line. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) return out;
        for (String l : text.split("\n", -1)) out.add(l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }
}
