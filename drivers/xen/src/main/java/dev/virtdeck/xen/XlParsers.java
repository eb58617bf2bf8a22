package dev.virtdeck.xen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for what {@code xl} and {@code xm} print. Pure functions of the text, tested against
 * recorded real outputs (Xen 4.17 lab captures, reference samples of older versions).
 */
public final class XlParsers {
    /** The name of the control domain: the host itself, never a VM. */
    public static final String DOM0 = "Domain-0";

    /**
     * A list row read FROM THE RIGHT: the name is everything before the last five columns, so names
     * longer than the 40-column field (which xl does not truncate) or with spaces parse correctly.
     */
    private static final Pattern ROW = Pattern.compile("^(.*?)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S{6})\\s+(\\d+(?:\\.\\d+)?)\\s*$");
    private static final Pattern LIBXL_PREFIX = Pattern.compile("^libxl: \\w+: [^:]+:\\d+:[^:]+: (?:Domain \\d+:)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private XlParsers() {
    }

    /** One row of {@code xl list} / {@code xm list}; memory in MiB, CPU time in seconds. */
    public record Row(String name, int domid, long memoryMiB, int vcpus, String flags, double cpuSeconds) {
        public boolean isDom0() {
            return domid == 0;
        }
    }

    /**
     * Parses {@code xl list} or {@code xm list} (xl's header has tabs, xm's spaces; the rows are
     * the same). The header is the first line; lines that are not rows are skipped.
     */
    public static List<Row> list(String stdout) {
        List<Row> out = new ArrayList<>();
        boolean first = true;
        for (String line : stdout.split("\n")) {
            if (first && line.startsWith("Name") && line.contains("ID")) {
                first = false;
                continue;
            }
            first = false;
            Matcher m = ROW.matcher(line.replace("\r", ""));
            if (!m.matches() || m.group(1).isBlank()) continue;
            out.add(new Row(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                    Integer.parseInt(m.group(4)), m.group(5), Double.parseDouble(m.group(6))));
        }
        return out;
    }

    /**
     * A {@code xentop -b} row read FROM THE RIGHT (names may hold blanks; MAXMEM(k) may be "no limit"):
     * name, state, CPU(sec), CPU(%), MEM(k), MEM(%), MAXMEM(k), MAXMEM(%), VCPUS, NETS, NETTX(k),
     * NETRX(k), VBDS, VBD_OO, VBD_RD, VBD_WR, VBD_RSECT, VBD_WSECT, SSID.
     */
    private static final Pattern XENTOP_ROW = Pattern.compile("^\\s*(.+?)\\s+([-a-z]{6})\\s+(\\d+)\\s+(\\S+)\\s+(\\d+)"
            + "\\s+(\\S+)\\s+(no limit|\\d+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)"
            + "\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

    /**
     * One domain's cumulative I/O counters from {@code xentop -b -i 1}.
     *
     * @param netTxKiB   NETTX(k): KiB sent, all its interfaces
     * @param netRxKiB   NETRX(k): KiB received
     * @param readSect   VBD_RSECT: 512-byte sectors read, all its disks
     * @param writeSect  VBD_WSECT: sectors written
     */
    public record Xentop(long netTxKiB, long netRxKiB, long readSect, long writeSect) {
    }

    /** Parses {@code xentop -b -i 1}: rows after the NAME header line, by domain name (Domain-0 too). */
    public static Map<String, Xentop> xentop(String stdout) {
        Map<String, Xentop> out = new LinkedHashMap<>();
        boolean rows = false;
        for (String raw : stdout.split("\n")) {
            String line = raw.replace("\r", "");
            if (!rows) {
                rows = line.strip().startsWith("NAME ") && line.contains("VBD_RSECT");
                continue;
            }
            Matcher m = XENTOP_ROW.matcher(line);
            if (!m.matches()) continue;
            out.put(m.group(1), new Xentop(Long.parseLong(m.group(11)), Long.parseLong(m.group(12)),
                    Long.parseLong(m.group(17)), Long.parseLong(m.group(18))));
        }
        return out;
    }

    /** Parses {@code xl info} / {@code xm info}: {@code key<padding>: value} lines, in order. */
    public static Map<String, String> info(String stdout) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String key = line.substring(0, colon).strip();
            if (key.isEmpty() || key.contains(" ")) continue;
            out.put(key, line.substring(colon + 1).strip());
        }
        return out;
    }

    /** @return the Xen version {@code xl info} reports, or as xm's major/minor/extra lines make it */
    static String xenVersion(Map<String, String> info) {
        if (info.get("xen_version") != null) return info.get("xen_version");
        if (info.get("xen_major") == null) return null;
        return info.get("xen_major") + "." + info.getOrDefault("xen_minor", "?") + info.getOrDefault("xen_extra", "");
    }

    /** @return the whole number an {@code xl info} key holds, null when missing or not a number */
    static Long infoNumber(Map<String, String> info, String key) {
        try {
            return info.get(key) == null ? null : Long.valueOf(info.get(key).strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A disk of a domain's {@code xl list -l} configuration. */
    public record Disk(String vdev, String path) {
    }

    /**
     * A domain's configuration as {@code xl list -l} reports it. Memory in KiB as libxl keeps it;
     * boxed values are null when the JSON leaves them out (Domain-0 has a minimal entry).
     */
    public record Domain(int domid, String name, String type, String uuid, Long maxMemKiB, Long targetMemKiB,
                         Integer maxVcpus, Integer onlineVcpus, String kernel, String ramdisk, String cmdline,
                         List<Disk> disks) {
        public Domain {
            disks = List.copyOf(disks);
        }
    }

    /**
     * Parses the JSON array of {@code xl list -l}.
     *
     * @throws IllegalArgumentException when the text is not that JSON (e.g. xl.conf asks for sxp)
     */
    public static List<Domain> longList(String stdout) {
        JsonNode root;
        try {
            root = JSON.readTree(stdout);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("xl list -l did not print JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray()) throw new IllegalArgumentException("xl list -l did not print a JSON array");
        List<Domain> out = new ArrayList<>();
        for (JsonNode d : root) {
            JsonNode config = d.path("config");
            JsonNode c = config.path("c_info");
            JsonNode b = config.path("b_info");
            JsonNode avail = b.path("avail_vcpus");
            List<Disk> disks = new ArrayList<>();
            for (JsonNode disk : config.path("disks")) {
                disks.add(new Disk(text(disk, "vdev"), text(disk, "pdev_path")));
            }
            out.add(new Domain(d.path("domid").asInt(-1), text(c, "name"), text(c, "type"), text(c, "uuid"),
                    number(b, "max_memkb"), number(b, "target_memkb"), integer(b, "max_vcpus"),
                    avail.isArray() ? Integer.valueOf(avail.size()) : null, text(b, "kernel"), text(b, "ramdisk"),
                    text(b, "cmdline"), disks));
        }
        return out;
    }

    /**
     * The numeric vbd ids of {@code xl block-list} (first column; xvda = 51712), header and error
     * lines skipped.
     */
    public static List<Integer> blockDevices(String stdout) {
        List<Integer> out = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            String[] cols = line.strip().split("\\s+");
            if (cols.length >= 2 && cols[0].matches("\\d+")) out.add(Integer.parseInt(cols[0]));
        }
        return out;
    }

    /**
     * The Linux name of a vbd id: {@code 202<<8 | index<<4} for xvda..xvdp, {@code 1<<28 | index<<8}
     * beyond (Xen's extended scheme; xvdz = 268441856).
     *
     * @return the name, or null when the id is not an xvd disk
     */
    public static String vdevName(int id) {
        int index;
        if ((id & (1 << 28)) != 0) index = (id & ~(1 << 28)) >> 8;
        else if (id >> 8 == 202) index = (id & 0xff) >> 4;
        else return null;
        return "xvd" + letters(index);
    }

    /** xvd + a..z, aa..zz (index 0 = a, 26 = aa). */
    static String letters(int index) {
        if (index < 26) return String.valueOf((char) ('a' + index));
        return String.valueOf((char) ('a' + index / 26 - 1)) + (char) ('a' + index % 26);
    }

    /**
     * The gist of an xl/xm error: libxl's {@code libxl: error: file.c:N:fn: Domain D:} prefixes
     * dropped, blank lines dropped, lines joined with "; ".
     */
    public static String errorText(String stderr) {
        if (stderr == null) return "";
        List<String> parts = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            String l = LIBXL_PREFIX.matcher(line.strip()).replaceFirst("").strip();
            if (!l.isEmpty() && !l.startsWith("Parsing config from")) parts.add(l);
        }
        return String.join("; ", parts);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Long number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToLong() ? null : v.asLong();
    }

    private static Integer integer(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.canConvertToInt() ? null : v.asInt();
    }
}
