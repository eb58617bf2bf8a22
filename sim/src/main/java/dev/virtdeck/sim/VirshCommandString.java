package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * virsh's own command-string syntax (one argument such as {@code "list --all; echo MARK; domstats"}), after
 * libvirt's {@code vshCommandStringGetArg}: blanks separate words, {@code ;} or a newline ends a command, a word
 * starting with {@code #} comments out the rest of the line, single quotes are literal (an unterminated one
 * simply runs to the end), a backslash escapes the next character outside single quotes (also inside double
 * quotes), backslash-newline is elided, and an unterminated double quote or a trailing backslash is an error.
 */
final class VirshCommandString {

    /** A command string virsh refuses; the message is virsh's ({@code missing "}, {@code dangling \}). */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private VirshCommandString() {}

    /** Splits into commands, each a list of words; empty commands are dropped. */
    static List<List<String>> parse(String s) throws SyntaxError {
        List<List<String>> commands = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int p = 0;
        int n = s.length();
        while (true) {
            while (p < n && (s.charAt(p) == ' ' || s.charAt(p) == '\t'
                    || s.charAt(p) == '\\' && p + 1 < n && s.charAt(p + 1) == '\n')) {
                p += s.charAt(p) == '\\' ? 2 : 1;
            }
            if (p >= n) {
                break;
            }
            char c = s.charAt(p);
            if (c == ';' || c == '\n') {
                p++;
                cur = flush(commands, cur);
                continue;
            }
            if (c == '#') {
                while (p < n && s.charAt(p) != '\n') {
                    p++;
                }
                p++;
                cur = flush(commands, cur);
                continue;
            }
            StringBuilder word = new StringBuilder();
            boolean sq = false;
            boolean dq = false;
            while (p < n) {
                c = s.charAt(p);
                if (!sq && !dq && (c == ' ' || c == '\t' || c == ';' || c == '\n')) {
                    break;
                }
                if (!dq && c == '\'') {
                    sq = !sq;
                    p++;
                    continue;
                } else if (!sq && c == '\\') {
                    p++;
                    if (p >= n) {
                        throw new SyntaxError("dangling \\");
                    }
                    if (s.charAt(p) == '\n') {
                        p++;
                        continue;
                    }
                } else if (!sq && c == '"') {
                    dq = !dq;
                    p++;
                    continue;
                }
                word.append(s.charAt(p++));
            }
            if (dq) {
                throw new SyntaxError("missing \"");
            }
            cur.add(word.toString());
        }
        flush(commands, cur);
        return commands;
    }

    private static List<String> flush(List<List<String>> commands, List<String> cur) {
        if (!cur.isEmpty()) {
            commands.add(List.copyOf(cur));
        }
        return new ArrayList<>();
    }
}
