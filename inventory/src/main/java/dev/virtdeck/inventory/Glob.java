package dev.virtdeck.inventory;

import java.util.regex.Pattern;

/**
 * A case-sensitive shell-style glob: {@code *} any run of characters, {@code ?} one character,
 * {@code [abc]}, {@code [a-z]}, {@code [!abc]} / {@code [^abc]} one character of (or not of) a
 * set; a backslash makes the next character literal. Everything else matches itself, spaces,
 * quotes and shell metacharacters included.
 */
final class Glob {
    private final Pattern pattern;
    private final String literal;

    private Glob(Pattern pattern, String literal) {
        this.pattern = pattern;
        this.literal = literal;
    }

    /** @throws IllegalArgumentException for an unclosed {@code [} or a trailing backslash */
    static Glob compile(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        boolean wild = false;
        int i = 0;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= glob.length()) {
                        throw new IllegalArgumentException("trailing backslash");
                    }
                    char n = glob.charAt(i + 1);
                    re.append(Pattern.quote(String.valueOf(n)));
                    lit.append(n);
                    i += 2;
                }
                case '*' -> {
                    re.append(".*");
                    wild = true;
                    i++;
                }
                case '?' -> {
                    re.append('.');
                    wild = true;
                    i++;
                }
                case '[' -> {
                    i = bracket(glob, i, re);
                    wild = true;
                }
                default -> {
                    re.append(Pattern.quote(String.valueOf(c)));
                    lit.append(c);
                    i++;
                }
            }
        }
        return new Glob(Pattern.compile(re.toString(), Pattern.DOTALL), wild ? null : lit.toString());
    }

    /** Translates {@code [...]} starting at {@code start}; returns the index after {@code ]}. */
    private static int bracket(String glob, int start, StringBuilder re) {
        int i = start + 1;
        StringBuilder set = new StringBuilder("[");
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            set.append('^');
            i++;
        }
        boolean first = true;
        boolean any = false;
        while (i < glob.length()) {
            char c = glob.charAt(i);
            if (c == ']' && !first) {
                if (!any) {
                    throw new IllegalArgumentException("empty '[]' at position " + (start + 1));
                }
                re.append(set).append(']');
                return i + 1;
            }
            first = false;
            if (c == '\\') {
                if (i + 1 >= glob.length()) {
                    throw new IllegalArgumentException("trailing backslash");
                }
                c = glob.charAt(++i);
            }
            if (c == '-' && any && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
                set.append('-');
            } else {
                set.append(quoteInSet(c));
                any = true;
            }
            i++;
        }
        throw new IllegalArgumentException("unclosed '[' at position " + (start + 1) + " (write \\[ for a literal [)");
    }

    private static String quoteInSet(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : String.format("\\x{%x}", (int) c);
    }

    boolean matches(String s) {
        return literal != null ? literal.equals(s) : pattern.matcher(s).matches();
    }

    /** @return the single string this glob matches when it has no wildcard, else null */
    String literal() {
        return literal;
    }
}
