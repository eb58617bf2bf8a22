package dev.virtdeck.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of an OpenSSH client configuration ({@code ~/.ssh/config}) virtdeck honours:
 * {@code Host} blocks (patterns with {@code *}, {@code ?} and {@code !negation}), {@code HostName},
 * {@code User}, {@code Port}, {@code IdentityFile} (repeatable), {@code ProxyJump},
 * {@code ConnectTimeout} and {@code Include}. As in OpenSSH the first value found for a keyword wins, and every matching
 * {@code IdentityFile} is kept. {@code Match} blocks are skipped (logged), other keywords
 * ignored.
 *
 * <p>Relative {@code Include} paths are relative to the directory of the file given to
 * {@link #load(Path)} (for the user's config that is {@code ~/.ssh}, as in OpenSSH).
 */
public final class SshConfig {
    private static final Logger LOG = LoggerFactory.getLogger(SshConfig.class);
    private static final int MAX_INCLUDE_DEPTH = 16;
    /** One part of an OpenSSH time value such as {@code 1m30s}: a number and an optional unit. */
    private static final Pattern TIME_PART = Pattern.compile("(\\d+)([sSmMhHdDwW]?)");

    /** One keyword line with the Host patterns in force where it appears (null = every host). */
    private record Line(List<String> patterns, String keyword, String value, Path file, int lineNo) {
    }

    /**
     * A name of a {@code Host} line that is not a pattern: a host one can {@code ssh} to by name.
     *
     * @param name the alias as written
     * @param file the file of the {@code Host} line (the main file or an included one)
     * @param line its 1-based line
     */
    public record HostAlias(String name, Path file, int line) {
    }

    private final List<Line> lines;
    private final List<HostAlias> aliases;

    private SshConfig(List<Line> lines) {
        this.lines = List.copyOf(lines);
        List<HostAlias> found = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Line l : lines) {
            if (l.keyword().equals("host")) {
                for (String p : l.patterns()) {
                    if (p.chars().noneMatch(c -> c == '*' || c == '?' || c == '!') && seen.add(p)) {
                        found.add(new HostAlias(p, l.file(), l.lineNo()));
                    }
                }
            }
        }
        this.aliases = List.copyOf(found);
    }

    /**
     * @return every concrete {@code Host} name (no {@code *}, {@code ?} or {@code !}), each once, in
     *         the order OpenSSH reads them, included files in place
     */
    public List<HostAlias> hostAliases() {
        return aliases;
    }

    /** @return a configuration that sets nothing */
    public static SshConfig empty() {
        return new SshConfig(List.of());
    }

    /** Loads {@code ~/.ssh/config} (missing = empty). */
    public static SshConfig loadDefault() {
        Path home = Path.of(System.getProperty("user.home"));
        return load(home.resolve(".ssh").resolve("config"), home);
    }

    /**
     * Loads a configuration file; a missing file is an empty configuration, an unreadable one
     * is logged and treated as empty. {@code ~} means the {@code user.home} directory.
     */
    public static SshConfig load(Path file) {
        return load(file, Path.of(System.getProperty("user.home")));
    }

    /**
     * Loads a configuration file with {@code ~} meaning {@code home}.
     *
     * @see #load(Path)
     */
    public static SshConfig load(Path file, Path home) {
        List<Line> out = new ArrayList<>();
        Path base = file.toAbsolutePath().getParent();
        read(file, base, home, null, out, 0);
        return new SshConfig(out);
    }

    /** Parses configuration text (for tests and embedded use); Include is relative to {@code base}. */
    public static SshConfig parse(String text, Path base, Path home) {
        List<Line> out = new ArrayList<>();
        parseInto(text, Path.of("<ssh_config>"), base, home, null, out, 0);
        return new SshConfig(out);
    }

    private static void read(Path file, Path base, Path home, List<String> patterns, List<Line> out, int depth) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("ignoring unreadable ssh config {}: {}", file, e.toString());
            return;
        }
        parseInto(text, file, base, home, patterns, out, depth);
    }

    private static void parseInto(String text, Path file, Path base, Path home, List<String> inherited,
                                  List<Line> out, int depth) {
        List<String> patterns = inherited;
        boolean inMatch = false;
        String[] rows = text.split("\r?\n", -1);
        for (int i = 0; i < rows.length; i++) {
            List<String> words = split(rows[i]);
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            switch (keyword) {
                case "host" -> {
                    patterns = List.copyOf(args);
                    inMatch = false;
                    // kept (lookup ignores the keyword) so that hostAliases() lists the block
                    out.add(new Line(patterns, "host", String.join(" ", args), file, i + 1));
                }
                case "match" -> {
                    LOG.debug("{}:{}: Match blocks are not supported; skipping it", file, i + 1);
                    inMatch = true;
                }
                case "include" -> {
                    if (inMatch) {
                        continue;
                    }
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        LOG.warn("{}:{}: Include nested too deeply; ignored", file, i + 1);
                        continue;
                    }
                    for (String pattern : args) {
                        for (Path inc : expandInclude(pattern, base, home)) {
                            read(inc, base, home, patterns, out, depth + 1);
                        }
                    }
                }
                default -> {
                    if (!inMatch && !args.isEmpty()) {
                        out.add(new Line(patterns, keyword, String.join(" ", args), file, i + 1));
                    }
                }
            }
        }
    }

    /** Splits a line into words: {@code Key value}, {@code Key=value}, quotes, # comments. */
    static List<String> split(String row) {
        List<String> words = new ArrayList<>();
        String s = row.strip();
        if (s.isEmpty() || s.startsWith("#")) {
            return words;
        }
        // The keyword may be separated from its value by '=' (with optional blanks around it).
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && s.charAt(i) != '=') {
            i++;
        }
        words.add(s.substring(0, i));
        String rest = s.substring(i).strip();
        if (rest.startsWith("=")) {
            rest = rest.substring(1).strip();
        }
        StringBuilder cur = null;
        boolean quoted = false;
        for (int j = 0; j < rest.length(); j++) {
            char c = rest.charAt(j);
            if (c == '"') {
                quoted = !quoted;
                if (cur == null) {
                    cur = new StringBuilder();
                }
            } else if (!quoted && Character.isWhitespace(c)) {
                if (cur != null) {
                    words.add(cur.toString());
                    cur = null;
                }
            } else if (!quoted && c == '#' && cur == null) {
                break;
            } else {
                if (cur == null) {
                    cur = new StringBuilder();
                }
                cur.append(c);
            }
        }
        if (cur != null) {
            words.add(cur.toString());
        }
        return words;
    }

    private static List<Path> expandInclude(String pattern, Path base, Path home) {
        Path p = Path.of(PathExpansion.tilde(pattern, home));
        if (!p.isAbsolute()) {
            p = base.resolve(p);
        }
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        if (name.indexOf('*') < 0 && name.indexOf('?') < 0 && name.indexOf('[') < 0) {
            return List.of(p);
        }
        List<Path> found = new ArrayList<>();
        Path dir = p.getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
            ds.forEach(found::add);
        } catch (IOException e) {
            LOG.debug("Include {} matched nothing: {}", pattern, e.toString());
        }
        found.sort(null); // OpenSSH reads glob matches in lexical order
        return found;
    }

    /**
     * Collects the settings for a host as OpenSSH would for {@code ssh alias}: the first value
     * of each keyword wins; IdentityFile values accumulate in order.
     *
     * @param alias the name given to ssh (for virtdeck: the inventory host's address)
     * @return the entry; fields not set are null (identityFiles empty). {@code hostName} has its
     *         {@code %h} expanded; identity files are returned as written ({@code ~} and
     *         {@code %} tokens are expanded by {@link HostResolver}); a {@code ProxyJump none}
     *         gives a null proxyJump. {@code ConnectTimeout 0} (no limit to OpenSSH) gives a null
     *         connectTimeout: virtdeck always bounds a connect, with its own default
     */
    public Entry lookup(String alias) {
        String host = alias.toLowerCase(Locale.ROOT);
        String hostName = null;
        String user = null;
        Integer port = null;
        String proxyJump = null;
        boolean proxySeen = false;
        Duration connectTimeout = null;
        boolean timeoutSeen = false;
        List<String> identities = new ArrayList<>();
        for (Line l : lines) {
            if (l.patterns() != null && !matches(host, l.patterns())) {
                continue;
            }
            switch (l.keyword()) {
                case "hostname" -> hostName = hostName != null ? hostName : l.value().replace("%h", alias)
                        .replace("%%", "%");
                case "user" -> user = user != null ? user : l.value();
                case "port" -> {
                    if (port == null) {
                        port = JumpSpec.parsePort(l.value());
                        if (port == null) {
                            LOG.warn("{}:{}: ignoring invalid Port {}", l.file(), l.lineNo(), l.value());
                        }
                    }
                }
                case "identityfile" -> {
                    if (!l.value().equalsIgnoreCase("none")) {
                        identities.add(l.value());
                    }
                }
                case "proxyjump" -> {
                    if (!proxySeen) {
                        proxySeen = true;
                        proxyJump = l.value().equalsIgnoreCase("none") ? null : l.value();
                    }
                }
                case "connecttimeout" -> {
                    // As OpenSSH: "none" leaves the setting open for later lines, 0 takes it.
                    if (!timeoutSeen && !l.value().equals("none")) {
                        Duration d = convtime(l.value());
                        if (d == null) {
                            LOG.warn("{}:{}: ignoring invalid ConnectTimeout {}", l.file(), l.lineNo(), l.value());
                        } else {
                            timeoutSeen = true;
                            connectTimeout = d.isZero() ? null : d;
                        }
                    }
                }
                default -> {
                    // Not a setting virtdeck uses.
                }
            }
        }
        return new Entry(hostName, user, port, identities, proxyJump, connectTimeout);
    }

    /**
     * An OpenSSH time value (sshd_config(5) TIME FORMATS): numbers with an optional unit s, m, h,
     * d or w (none = seconds), summed, e.g. {@code 90}, {@code 1m30s}.
     *
     * @return the duration, or null when the text is not such a value or exceeds OpenSSH's int range
     */
    static Duration convtime(String text) {
        Matcher m = TIME_PART.matcher(text);
        long total = 0;
        int at = 0;
        while (at < text.length()) {
            m.region(at, text.length());
            if (!m.lookingAt() || m.group(1).length() > 10) {
                return null;
            }
            long unit = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "m" -> 60;
                case "h" -> 3600;
                case "d" -> 86_400;
                case "w" -> 604_800;
                default -> 1;
            };
            total += Long.parseLong(m.group(1)) * unit;
            if (total > Integer.MAX_VALUE) {
                return null;
            }
            at = m.end();
        }
        return at == 0 ? null : Duration.ofSeconds(total);
    }

    /** OpenSSH Host matching: some positive pattern matches and no negated one does. */
    static boolean matches(String host, List<String> patterns) {
        boolean any = false;
        for (String p : patterns) {
            boolean negated = p.startsWith("!");
            String pat = (negated ? p.substring(1) : p).toLowerCase(Locale.ROOT);
            if (wildcard(host, 0, pat, 0)) {
                if (negated) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /** {@code *} and {@code ?} only, as OpenSSH's match_pattern. */
    private static boolean wildcard(String s, int si, String p, int pi) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (wildcard(s, k, p, pi + 1)) {
                        return true;
                    }
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
                return false;
            }
            si++;
            pi++;
        }
        return si == s.length();
    }

    /**
     * The settings found for one host.
     *
     * @param hostName      real host name ({@code HostName}), or null
     * @param user          {@code User}, or null
     * @param port          {@code Port}, or null
     * @param identityFiles {@code IdentityFile} values in order, unexpanded
     * @param proxyJump     {@code ProxyJump} as written (may be a comma-separated chain), or null
     * @param connectTimeout {@code ConnectTimeout}, or null
     */
    public record Entry(String hostName, String user, Integer port, List<String> identityFiles, String proxyJump,
                        Duration connectTimeout) {
        public Entry {
            identityFiles = List.copyOf(identityFiles);
        }

        /** An entry without a connect timeout. */
        public Entry(String hostName, String user, Integer port, List<String> identityFiles, String proxyJump) {
            this(hostName, user, port, identityFiles, proxyJump, null);
        }
    }
}
