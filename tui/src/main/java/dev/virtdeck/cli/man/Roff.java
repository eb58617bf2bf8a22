package dev.virtdeck.cli.man;

/** Escapes text for troff input (man(7) pages). */
final class Roff {
    private Roff() {
    }

    /**
     * Text as troff prints it verbatim: backslashes as {@code \e}, every minus as {@code \-} (a
     * real minus, so options can be searched and pasted), non-ASCII as {@code \[uXXXX]} (groff
     * reads the file as Latin-1 otherwise), and a leading {@code .} or {@code '} guarded by
     * {@code \&} so that it is no request.
     */
    static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        if (s.startsWith(".") || s.startsWith("'")) b.append("\\&");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\e");
            } else if (c == '-') {
                b.append("\\-");
            } else if (c < 128) {
                b.append(c == '\t' ? ' ' : c);
            } else {
                int cp = s.codePointAt(i);
                if (Character.isSupplementaryCodePoint(cp)) i++;
                b.append(String.format("\\[u%04X]", cp));
            }
        }
        return b.toString();
    }

    static String bold(String s) {
        return "\\fB" + text(s) + "\\fR";
    }

    static String italic(String s) {
        return "\\fI" + text(s) + "\\fR";
    }
}
