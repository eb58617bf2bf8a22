package dev.virtdeck.ssh;

import java.util.List;
import java.util.regex.Pattern;

/** POSIX shell quoting: what a remote {@code sh -c} turns back into exactly the original words. */
public final class ShellQuote {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellQuote() {
    }

    /** @return {@code s} unchanged when it is a plain word, else single-quoted with ' as '\'' */
    public static String quote(String s) {
        if (!s.isEmpty() && SAFE.matcher(s).matches()) return s;
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** @return the words quoted and joined by single spaces */
    public static String join(List<String> argv) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(quote(a));
        }
        return sb.toString();
    }
}
