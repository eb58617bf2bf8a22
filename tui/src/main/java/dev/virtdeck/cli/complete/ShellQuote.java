package dev.virtdeck.cli.complete;

/**
 * What bash inserts for a completion: the rest of a word, quoted so that the shell reads it back
 * verbatim, in the quoting the user has open at the cursor.
 */
final class ShellQuote {
    /** Safe unquoted anywhere in a word (non-ASCII letters are left alone too). */
    private static final String PLAIN = "_@%+=:,./-";

    private ShellQuote() {
    }

    /**
     * @param text  unquoted text to append
     * @param quote the quote open at the cursor ({@code '\''}, {@code '"'}) or 0
     */
    static String continueWord(String text, char quote) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (quote == '\'') {
                b.append(c == '\'' ? "'\\''" : String.valueOf(c));
            } else if (quote == '"') {
                if ("\\\"$`".indexOf(c) >= 0) b.append('\\');
                b.append(c);
            } else if (c == '\n') {
                b.append("$'\\n'");
            } else if (Character.isLetterOrDigit(c) || PLAIN.indexOf(c) >= 0 || c > 127) {
                b.append(c);
            } else {
                b.append('\\').append(c);
            }
        }
        return b.toString();
    }
}
