package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A POSIX shell word splitter for ONE simple command, written for the simulator (it deliberately shares
 * nothing with the drivers' quoting code, so a quoting bug cannot hide on both sides).
 *
 * <p>Supported: single quotes, double quotes (with {@code \\ \" \$ \`} escapes), backslash escapes, leading
 * {@code NAME=value} assignments, an optional {@code sudo [-n]} / {@code env} prefix, and a leading {@code ~}.
 * Everything a real shell would <em>interpret</em> outside single quotes ({@code ; | & < > ( )}, command
 * substitution, parameter expansion, globs, comments, newlines) is rejected with {@link SyntaxException}:
 * a client that lets such a character through unquoted has an injection bug, and the simulator makes it loud.
 */
final class ShellWords {

    /** A command line the simulator refuses to interpret. */
    static final class SyntaxException extends Exception {
        SyntaxException(String message) {
            super(message);
        }
    }

    /** The parsed command: environment assignments, whether it ran under sudo, and the argument vector. */
    record Parsed(Map<String, String> env, boolean sudo, List<String> argv) {
        String program() {
            if (argv.isEmpty()) {
                return "";
            }
            String p = argv.get(0);
            return p.substring(p.lastIndexOf('/') + 1);
        }

        List<String> args() {
            return argv.isEmpty() ? List.of() : argv.subList(1, argv.size());
        }
    }

    /** One word plus where its first unquoted '=' is (-1 if it cannot be an assignment). */
    private record Word(String text, int assignAt) {}

    private ShellWords() {}

    /** Splits and classifies a command line; {@code home} replaces a leading unquoted {@code ~}. */
    static Parsed parse(String line, String home) throws SyntaxException {
        List<Word> words = split(line, home);
        Map<String, String> env = new LinkedHashMap<>();
        int i = takeAssignments(words, 0, env);
        boolean sudo = false;
        // sudo [-n] [NAME=value...] cmd   /   env [NAME=value...] cmd
        while (i < words.size()) {
            String w = words.get(i).text();
            if (w.equals("sudo")) {
                sudo = true;
                i++;
                while (i < words.size() && words.get(i).text().startsWith("-")) {
                    String opt = words.get(i).text();
                    if (!opt.equals("-n") && !opt.equals("--non-interactive") && !opt.equals("--")) {
                        throw new SyntaxException("sudo option " + opt + " (the simulator knows only sudo -n)");
                    }
                    i++;
                }
                i = takeAssignments(words, i, env);
            } else if (w.equals("env")) {
                i = takeAssignments(words, i + 1, env);
            } else {
                break;
            }
        }
        List<String> argv = new ArrayList<>();
        for (; i < words.size(); i++) {
            argv.add(words.get(i).text());
        }
        return new Parsed(env, sudo, List.copyOf(argv));
    }

    private static int takeAssignments(List<Word> words, int from, Map<String, String> env) {
        int i = from;
        while (i < words.size() && words.get(i).assignAt() > 0) {
            Word w = words.get(i);
            env.put(w.text().substring(0, w.assignAt()), w.text().substring(w.assignAt() + 1));
            i++;
        }
        return i;
    }

    private static List<Word> split(String s, String home) throws SyntaxException {
        List<Word> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        boolean allUnquotedName = true; // every char so far unquoted and a valid NAME char
        int assignAt = -1;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case ' ', '\t' -> {
                    if (inWord) {
                        out.add(new Word(cur.toString(), assignAt));
                        cur.setLength(0);
                        inWord = false;
                        allUnquotedName = true;
                        assignAt = -1;
                    }
                }
                case '\'' -> {
                    int end = s.indexOf('\'', i + 1);
                    if (end < 0) {
                        throw new SyntaxException("unterminated single quote");
                    }
                    cur.append(s, i + 1, end);
                    i = end;
                    inWord = true;
                    allUnquotedName = false;
                }
                case '"' -> {
                    i = doubleQuoted(s, i + 1, cur);
                    inWord = true;
                    allUnquotedName = false;
                }
                case '\\' -> {
                    if (i + 1 < n) {
                        char next = s.charAt(++i);
                        if (next != '\n') { // backslash-newline is a line continuation
                            cur.append(next);
                            inWord = true;
                        }
                    } else {
                        cur.append('\\');
                        inWord = true;
                    }
                    allUnquotedName = false;
                }
                case ';', '|', '&', '<', '>', '(', ')', '`' -> throw new SyntaxException(operator(s, i));
                case '$' -> {
                    if (i + 1 < n && expands(s.charAt(i + 1))) {
                        throw new SyntaxException(s.charAt(i + 1) == '(' ? "'$(' (command substitution)"
                                : "'$" + s.charAt(i + 1) + "' (parameter expansion)");
                    }
                    cur.append('$');
                    inWord = true;
                    allUnquotedName = false;
                }
                case '\n', '\r' -> throw new SyntaxException("newline (a second command)");
                case '*', '?', '[' -> throw new SyntaxException("unquoted glob character '" + c + "'");
                case '#' -> {
                    if (!inWord) {
                        throw new SyntaxException("'#' (comment)");
                    }
                    cur.append(c);
                    allUnquotedName = false;
                }
                case '~' -> {
                    if (!inWord && (i + 1 == n || s.charAt(i + 1) == '/' || s.charAt(i + 1) == ' ')) {
                        cur.append(home);
                    } else {
                        cur.append(c);
                    }
                    inWord = true;
                    allUnquotedName = false;
                }
                case '=' -> {
                    if (allUnquotedName && assignAt < 0 && cur.length() > 0) {
                        assignAt = cur.length();
                    }
                    cur.append(c);
                    inWord = true;
                    if (assignAt < 0) {
                        allUnquotedName = false;
                    }
                }
                default -> {
                    boolean nameChar = c == '_' || Character.isLetter(c) && c < 128
                            || Character.isDigit(c) && cur.length() > 0;
                    if (assignAt < 0 && !nameChar) {
                        allUnquotedName = false;
                    }
                    cur.append(c);
                    inWord = true;
                }
            }
        }
        if (inWord) {
            out.add(new Word(cur.toString(), assignAt));
        }
        return out;
    }

    /** Reads a double-quoted section starting after the opening quote; returns the index of the closing quote. */
    private static int doubleQuoted(String s, int from, StringBuilder cur) throws SyntaxException {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < n) {
                char next = s.charAt(i + 1);
                if (next == '$' || next == '`' || next == '"' || next == '\\') {
                    cur.append(next);
                    i++;
                    continue;
                }
                if (next == '\n') {
                    i++;
                    continue;
                }
                cur.append('\\');
                continue;
            }
            if (c == '`') {
                throw new SyntaxException("'`' (command substitution) inside double quotes");
            }
            if (c == '$' && i + 1 < n && expands(s.charAt(i + 1))) {
                throw new SyntaxException(s.charAt(i + 1) == '(' ? "'$(' (command substitution) inside double quotes"
                        : "'$" + s.charAt(i + 1) + "' (parameter expansion) inside double quotes");
            }
            cur.append(c);
        }
        throw new SyntaxException("unterminated double quote");
    }

    private static boolean expands(char c) {
        return c == '(' || c == '{' || c == '_' || Character.isLetterOrDigit(c) || "@*#?$!-".indexOf(c) >= 0;
    }

    private static String operator(String s, int i) {
        char c = s.charAt(i);
        if (i + 1 < s.length() && (c == '&' || c == '|') && s.charAt(i + 1) == c) {
            return "'" + c + c + "'";
        }
        return "'" + c + "'";
    }
}
