package dev.virtdeck.ssh;

import com.google.common.hash.Hashing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An OpenSSH known_hosts file: plain and hashed ({@code |1|salt|hash}) host fields, patterns with
 * {@code * ?} and {@code !} negation, {@code [host]:port} for non-22 ports, {@code @revoked} markers.
 * A missing file is empty. {@code @cert-authority} lines are ignored (no host certificates).
 */
final class KnownHosts {

    /** One key line; {@code line} is 1-based for messages. */
    record Entry(int line, String marker, String hosts, String keyType, byte[] blob) {
        boolean revoked() {
            return "@revoked".equals(marker);
        }

        boolean certAuthority() {
            return "@cert-authority".equals(marker);
        }
    }

    enum Status { KNOWN, UNKNOWN, CHANGED, REVOKED }

    /** The verdict for a presented key; {@code entry} is the matching or conflicting line. */
    record Verdict(Status status, Entry entry) {
    }

    private final Path file;
    private final List<Entry> entries;

    private KnownHosts(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /** Reads {@code file}; malformed lines are skipped (as OpenSSH does). */
    static KnownHosts load(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Entry e = parseLine(i + 1, lines.get(i));
            if (e != null) entries.add(e);
        }
        return new KnownHosts(file, List.copyOf(entries));
    }

    static Entry parseLine(int lineNo, String line) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) return null;
        String[] f = s.split("\\s+");
        int i = 0;
        String marker = null;
        if (f[0].startsWith("@")) {
            marker = f[0];
            i = 1;
        }
        if (f.length < i + 3) return null;
        try {
            byte[] blob = Base64.getDecoder().decode(f[i + 2]);
            return new Entry(lineNo, marker, f[i], f[i + 1], blob);
        } catch (IllegalArgumentException badBase64) {
            return null;
        }
    }

    Path file() {
        return file;
    }

    List<Entry> entries() {
        return entries;
    }

    /** @return the string OpenSSH looks up: {@code host} on port 22, else {@code [host]:port} */
    static String hostToken(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        return port == 22 ? h : "[" + h + "]:" + port;
    }

    /** @return the non-CA entries whose host field matches {@code host:port} */
    List<Entry> forHost(String host, int port) {
        String token = hostToken(host, port);
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.certAuthority() && hostMatches(e.hosts(), token)) out.add(e);
        }
        return out;
    }

    /** @return host key algorithm names to prefer, so negotiation picks a key type already known */
    List<String> knownAlgorithms(String host, int port) {
        Set<String> algs = new LinkedHashSet<>();
        for (Entry e : forHost(host, port)) {
            if (e.revoked()) continue;
            if (e.keyType().equals("ssh-rsa")) {
                algs.addAll(List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"));
            } else {
                algs.add(e.keyType());
            }
        }
        return List.copyOf(algs);
    }

    /**
     * Checks a presented key blob. A host known with any other key (of any type) is CHANGED: we
     * prefer known key types during negotiation, so a mismatch here means the host really changed.
     */
    Verdict check(String host, int port, byte[] blob) {
        List<Entry> matching = forHost(host, port);
        for (Entry e : matching) {
            if (e.revoked() && Arrays.equals(e.blob(), blob)) return new Verdict(Status.REVOKED, e);
        }
        for (Entry e : matching) {
            if (!e.revoked() && Arrays.equals(e.blob(), blob)) return new Verdict(Status.KNOWN, e);
        }
        String type = keyType(blob);
        Entry conflict = null;
        for (Entry e : matching) {
            if (e.revoked()) continue;
            if (conflict == null || e.keyType().equals(type) && !conflict.keyType().equals(type)) conflict = e;
        }
        return conflict == null ? new Verdict(Status.UNKNOWN, null) : new Verdict(Status.CHANGED, conflict);
    }

    /** Appends a plain {@code host key} line, creating the file and its directories. */
    static void append(Path file, String host, int port, byte[] blob) throws IOException {
        String line = hostToken(host, port) + " " + keyType(blob) + " " + Base64.getEncoder().encodeToString(blob) + "\n";
        synchronized (KnownHosts.class) { // one JVM, many hosts connecting in parallel
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) Files.createDirectories(dir);
            boolean needsNewline = Files.exists(file) && Files.size(file) > 0 && !endsWithNewline(file);
            Files.writeString(file, (needsNewline ? "\n" : "") + line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        }
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return all.length == 0 || all[all.length - 1] == '\n';
    }

    /** @return OpenSSH's fingerprint: {@code SHA256:} + unpadded base64 of the blob's SHA-256 */
    static String fingerprint(byte[] blob) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(Hashing.sha256().hashBytes(blob).asBytes());
    }

    /** @return the algorithm name at the start of an SSH public key blob */
    static String keyType(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        int len = b.getInt();
        if (len < 0 || len > blob.length - 4) throw new IllegalArgumentException("bad key blob");
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }

    /** OpenSSH's match_hostname: comma-separated patterns; any negated match rejects the line. */
    static boolean hostMatches(String hostsField, String token) {
        if (hostsField.startsWith("|1|")) return hashedMatches(hostsField, token);
        boolean matched = false;
        for (String p : hostsField.split(",")) {
            boolean negate = p.startsWith("!");
            String pattern = (negate ? p.substring(1) : p).toLowerCase(Locale.ROOT);
            if (glob(pattern, 0, token, 0)) {
                if (negate) return false;
                matched = true;
            }
        }
        return matched;
    }

    private static boolean hashedMatches(String field, String token) {
        String[] parts = field.split("\\|");
        if (parts.length != 4) return false;
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] hash = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(hmacSha1(salt, token), hash);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** @return the {@code |1|salt|hash} host field OpenSSH's HashKnownHosts writes for a token */
    static String hashed(byte[] salt, String token) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hmacSha1(salt, token));
    }

    private static byte[] hmacSha1(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi + 1, s, k)) return true;
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) return false;
            pi++;
            si++;
        }
        return si == s.length();
    }
}
