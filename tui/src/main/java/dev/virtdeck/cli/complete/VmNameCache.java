package dev.virtdeck.cli.complete;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The VM names last listed per host, for shell completion, which must never contact a host. One
 * file per inventory ({@code vms-HASH.txt} in {@link #dir()}), so inventories never mix; a listing
 * replaces the names of the hosts it listed and keeps the others. Written to a temporary file and
 * renamed, so a reader sees the old or the new file, never half of one. Concurrent writers may
 * lose one another's update (read, merge, rename): a cache, the next listing repairs it.
 *
 * <p>Format (UTF-8, one record a line, fields tab-separated, {@code \\ \t \n \r} escaped):
 * {@code virtdeck-vm-names 1}, then {@code key KEY}, then {@code vm HOST NAME} lines. Anything else
 * makes the whole file unreadable, which only means no VM names.
 *
 * @param file the cache file
 * @param key  the inventory it belongs to ({@link InventorySource#key()}), checked on read
 */
public record VmNameCache(Path file, String key) {
    static final String MAGIC = "virtdeck-vm-names 1";

    /** The cache of the inventory named by {@code key}, in {@link #dir()}. */
    public static VmNameCache of(String key) {
        return new VmNameCache(dir().resolve("vms-" + hash(key) + ".txt"), key);
    }

    /** {@code ${XDG_CACHE_HOME:-~/.cache}/virtdeck} (a relative XDG_CACHE_HOME is ignored, as the spec says). */
    public static Path dir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("virtdeck");
    }

    /** @return VM names by host, in file order; empty when the file is missing, corrupt or another inventory's */
    public Map<String, List<String>> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) { // missing, unreadable, not UTF-8
            return Map.of();
        }
        if (lines.size() < 2 || !lines.get(0).equals(MAGIC) || !lines.get(1).equals("key\t" + escape(key))) {
            return Map.of();
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] f = line.split("\t", -1);
            if (f.length != 3 || !f[0].equals("vm")) return Map.of();
            String host = unescape(f[1]);
            String vm = unescape(f[2]);
            if (host == null || vm == null) return Map.of();
            out.computeIfAbsent(host, h -> new ArrayList<>()).add(vm);
        }
        return out;
    }

    /** Records the VMs of each host the listing reached; hosts that failed keep what they had. */
    public void record(Listing listing) throws IOException {
        Map<String, List<String>> listed = new LinkedHashMap<>();
        for (HostStatus h : listing.hosts()) if (h.ok()) listed.put(h.host(), new ArrayList<>());
        for (VmInfo v : listing.vms()) {
            List<String> names = listed.get(v.host());
            if (names != null) names.add(v.name());
        }
        record(listed);
    }

    /** Replaces the names of the given hosts (an empty list: a host without VMs) and writes the file. */
    public void record(Map<String, ? extends Collection<String>> hosts) throws IOException {
        if (hosts.isEmpty()) return;
        Map<String, List<String>> all = new TreeMap<>(read());
        for (var e : hosts.entrySet()) all.put(e.getKey(), List.copyOf(e.getValue()));
        StringBuilder text = new StringBuilder(MAGIC).append('\n').append("key\t").append(escape(key)).append('\n');
        all.forEach((host, vms) -> {
            for (String vm : vms) text.append("vm\t").append(escape(host)).append('\t').append(escape(vm)).append('\n');
        });
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, ".vms-", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** @return the text, or null for an invalid escape */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (++i == s.length()) return null;
            switch (s.charAt(i)) {
                case '\\' -> b.append('\\');
                case 't' -> b.append('\t');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                default -> {
                    return null;
                }
            }
        }
        return b.toString();
    }

    private static String hash(String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
