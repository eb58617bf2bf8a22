package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Xen domain config file ({@code /etc/xen/NAME.cfg}): {@code key = value} lines with numbers, quoted strings
 * ({@code "..."} or {@code '...'}, backslash escapes) and {@code [ ... ]} lists, {@code #} comments. Only what the
 * simulator needs is interpreted: name, memory, maxmem, vcpus, maxvcpus, type, kernel, ramdisk, extra, disk.
 */
record XenConfig(Map<String, Object> values) {

    /** A config the parser refuses (xl prints "Failed to parse config: ..." and exits 1). */
    static final class ParseException extends Exception {
        ParseException(String message) {
            super(message);
        }
    }

    /** Renders a PV guest config in the layout of the real lab's /etc/xen/domu.cfg. */
    static String render(String name, int memoryMb, int maxMemMb, int vcpus, int maxVcpus) {
        String stem = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return "name     = " + quote(name) + "\n"
                + "type     = \"pv\"\n"
                + "kernel   = \"/var/lib/xen/images/" + stem + "/vmlinuz\"\n"
                + "ramdisk  = \"/var/lib/xen/images/" + stem + "/initrd.gz\"\n"
                + "extra    = \"console=hvc0\"\n"
                + "memory   = " + memoryMb + "\n"
                + "maxmem   = " + maxMemMb + "\n"
                + "vcpus    = " + vcpus + "\n"
                + "maxvcpus = " + maxVcpus + "\n"
                + "on_poweroff = \"destroy\"\n"
                + "on_reboot   = \"restart\"\n"
                + "on_crash    = \"destroy\"\n";
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static XenConfig parse(String text) throws ParseException {
        Map<String, Object> values = new LinkedHashMap<>();
        Lexer lx = new Lexer(text);
        while (true) {
            lx.skipSpaceAndComments(true);
            if (lx.done()) {
                return new XenConfig(values);
            }
            String key = lx.identifier();
            lx.skipSpaceAndComments(false);
            lx.expect('=');
            lx.skipSpaceAndComments(false);
            values.put(key, lx.value());
            lx.skipSpaceAndComments(false);
            if (!lx.done() && !lx.at('\n') && !lx.at(';')) {
                throw new ParseException("syntax error near line " + lx.line);
            }
            if (!lx.done()) {
                lx.pos++;
            }
        }
    }

    String string(String key) {
        Object v = values.get(key);
        return v == null ? null : v.toString();
    }

    Integer integer(String key) {
        Object v = values.get(key);
        if (v instanceof Long l) {
            return l.intValue();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        Object v = values.get(key);
        if (v instanceof List<?> l) {
            return (List<String>) l;
        }
        return v == null ? List.of() : List.of(v.toString());
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

        void skipSpaceAndComments(boolean newlines) {
            while (!done()) {
                char c = s.charAt(pos);
                if (c == '#') {
                    while (!done() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (c == ' ' || c == '\t' || c == '\r' || newlines && (c == '\n' || c == ';')) {
                    if (c == '\n') {
                        line++;
                    }
                    pos++;
                } else {
                    return;
                }
            }
        }

        String identifier() throws ParseException {
            int start = pos;
            while (!done() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw new ParseException("syntax error near line " + line);
            }
            return s.substring(start, pos);
        }

        void expect(char c) throws ParseException {
            if (!at(c)) {
                throw new ParseException("syntax error near line " + line);
            }
            pos++;
        }

        Object value() throws ParseException {
            if (at('[')) {
                pos++;
                List<String> items = new ArrayList<>();
                while (true) {
                    skipSpaceAndComments(true);
                    if (at(']')) {
                        pos++;
                        return items;
                    }
                    items.add(value().toString());
                    skipSpaceAndComments(true);
                    if (at(',')) {
                        pos++;
                    } else if (!at(']')) {
                        throw new ParseException("syntax error near line " + line);
                    }
                }
            }
            if (at('"') || at('\'')) {
                char q = s.charAt(pos++);
                StringBuilder sb = new StringBuilder();
                while (!done() && s.charAt(pos) != q) {
                    char c = s.charAt(pos++);
                    if (c == '\\' && !done()) {
                        c = s.charAt(pos++);
                    }
                    sb.append(c);
                }
                if (done()) {
                    throw new ParseException("unterminated string near line " + line);
                }
                pos++;
                return sb.toString();
            }
            int start = pos;
            while (!done() && (Character.isDigit(s.charAt(pos)) || (pos == start && s.charAt(pos) == '-'))) {
                pos++;
            }
            if (start == pos) {
                throw new ParseException("syntax error near line " + line);
            }
            return Long.parseLong(s.substring(start, pos));
        }
    }
}
