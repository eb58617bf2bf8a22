package dev.virtdeck.tui;

import dev.virtdeck.inventory.Selector;
import dev.virtdeck.ssh.ShellQuote;

import java.util.ArrayList;
import java.util.List;

/**
 * The CLI command line equivalent to a TUI action, so the operation log replays as a script:
 * selectors name each VM exactly ({@code HOST:VM} with {@code * ? [ ] : @ \} escaped by a
 * backslash, see {@link dev.virtdeck.inventory.Selector}) and every word is shell-quoted.
 */
public final class CliLine {
    private CliLine() {
    }

    /** @return the selector naming exactly this VM on this host */
    public static String selector(String host, String vm) {
        return Selector.exact(host, vm);
    }

    /**
     * @param prefix the program and global options, e.g. {@code [virtdeck, -i, inv.yaml]}
     * @param words  the verb and its arguments, unquoted
     * @return the shell line
     */
    public static String of(List<String> prefix, List<String> words) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(words);
        return ShellQuote.join(all);
    }

    /**
     * Splits a command typed at the {@code :} prompt into words like a POSIX shell would (single
     * and double quotes, backslash escapes), without expansions.
     *
     * @throws IllegalArgumentException for an unclosed quote or a trailing backslash
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unclosed ' quote");
                cur.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < line.length() && line.charAt(j) != '"'; j++) {
                    char d = line.charAt(j);
                    if (d == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
                        d = line.charAt(++j);
                    }
                    cur.append(d);
                }
                if (j >= line.length()) throw new IllegalArgumentException("unclosed \" quote");
                i = j;
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) throw new IllegalArgumentException("trailing backslash");
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) out.add(cur.toString());
                cur.setLength(0);
                inWord = false;
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) out.add(cur.toString());
        return out;
    }
}
