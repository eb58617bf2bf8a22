package dev.virtdeck.xen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Xen domain config file ({@code /etc/xen/NAME.cfg}) in xl's syntax (libxlu): {@code key = value}
 * statements separated by newlines or {@code ;}, {@code #} comments, numbers, double-quoted strings
 * with backslash escapes, single-quoted strings without, and {@code [ ... ]} lists.
 *
 * <p>{@link #quote} is the only way a value enters a config virtdeck writes: a name like
 * {@code it's "q"} becomes {@code "it's \"q\""}, and control characters (which no config string
 * can hold) are refused, so a value can never end the string or start a new statement.
 */
public record XlConfig(Map<String, Object> values) {

    public XlConfig {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** @return the value as text (numbers too), or null when absent */
    public String string(String key) {
        Object v = values.get(key);
        return v == null || v instanceof List ? null : v.toString();
    }

    /** @return the numeric value, or null when absent or not a number */
    public Long number(String key) {
        return values.get(key) instanceof Long l ? l : null;
    }

    /** @return a list value's items as text; a scalar is a one-item list; absent is empty */
    public List<String> list(String key) {
        Object v = values.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l.stream().map(Object::toString).toList();
        return List.of(v.toString());
    }

    /**
     * The file path of a disk spec ({@code format=raw,vdev=xvda,target=/p} or the positional
     * {@code file:/p,xvda,w} / {@code phy:/dev/x,xvda,w} forms).
     *
     * @return the path, or null for a spec without one (e.g. an empty CD-ROM)
     */
    public static String diskTarget(String spec) {
        int t = spec.indexOf("target=");
        if (t == 0 || t > 0 && spec.charAt(t - 1) == ',') return spec.substring(t + 7).strip(); // target= takes the rest
        String first = spec.split(",", -1)[0].strip();
        if (first.contains("=")) return null;
        int colon = first.indexOf(':');
        String path = colon >= 0 ? first.substring(colon + 1) : first;
        return path.isEmpty() ? null : path;
    }

    /**
     * @return {@code s} as an xl config string: double quotes, with {@code \} and {@code "} escaped
     * @throws IllegalArgumentException when {@code s} holds a control character (newline, tab, ...)
     */
    public static String quote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control characters (like newline or tab) cannot appear in a"
                        + " Xen config value: " + s.replace("\n", "\\n").replace("\t", "\\t"));
            }
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A config text the parser refuses. */
    public static final class ParseException extends Exception {
        ParseException(String message) {
            super(message);
        }
    }

    /** Parses a config file's text. */
    public static XlConfig parse(String text) throws ParseException {
        Lexer lx = new Lexer(text);
        Map<String, Object> values = new LinkedHashMap<>();
        while (true) {
            lx.skip(true);
            if (lx.done()) return new XlConfig(values);
            String key = lx.identifier();
            lx.skip(false);
            lx.expect('=');
            lx.skip(false);
            values.put(key, lx.value());
            lx.skip(false);
            if (!lx.done() && !lx.at('\n') && !lx.at(';')) throw lx.error();
        }
    }

    private static final class Lexer {
        private final String s;
        private int pos;
        private int line = 1;

        Lexer(String s) {
            this.s = s;
        }

        boolean done() {
            return pos >= s.length();
        }

        boolean at(char c) {
            return !done() && s.charAt(pos) == c;
        }

        ParseException error() {
            return new ParseException("syntax error on line " + line);
        }

        /** Skips blanks and comments, and with {@code separators} also newlines and ';'. */
        void skip(boolean separators) {
            while (!done()) {
                char c = s.charAt(pos);
                if (c == '#') {
                    while (!done() && s.charAt(pos) != '\n') pos++;
                } else if (c == ' ' || c == '\t' || c == '\r') {
                    pos++;
                } else if (separators && (c == '\n' || c == ';')) {
                    if (c == '\n') line++;
                    pos++;
                } else {
                    return;
                }
            }
        }

        String identifier() throws ParseException {
            int start = pos;
            while (!done() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) pos++;
            if (start == pos) throw error();
            return s.substring(start, pos);
        }

        void expect(char c) throws ParseException {
            if (!at(c)) throw error();
            pos++;
        }

        Object value() throws ParseException {
            if (at('[')) {
                pos++;
                List<Object> items = new ArrayList<>();
                while (true) {
                    skip(true);
                    if (at(']')) {
                        pos++;
                        return items;
                    }
                    items.add(value());
                    skip(true);
                    if (at(',')) pos++;
                    else if (!at(']')) throw error();
                }
            }
            if (at('"') || at('\'')) return string();
            int start = pos;
            while (!done() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                    || s.charAt(pos) == '-' && pos == start)) {
                pos++;
            }
            if (start == pos) throw error();
            String word = s.substring(start, pos);
            try {
                return Long.parseLong(word);
            } catch (NumberFormatException e) {
                return word;
            }
        }

        private String string() throws ParseException {
            char q = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (!done() && s.charAt(pos) != q) {
                char c = s.charAt(pos++);
                if (c == '\n') throw error();
                if (c == '\\' && q == '"' && !done()) {
                    char e = s.charAt(pos++);
                    c = switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    };
                }
                sb.append(c);
            }
            if (done()) throw new ParseException("unterminated string on line " + line);
            pos++;
            return sb.toString();
        }
    }
}
