package dev.virtdeck.cli.complete;

import java.util.ArrayList;
import java.util.List;

/**
 * A command line up to the cursor, split into words the way a POSIX shell quotes them
 * ({@code '...'}, {@code "..."} with its backslash escapes, a backslash outside quotes); no
 * expansion is done (a {@code $(...)} stays text). The last word is the one being completed: empty
 * when the line ends in unquoted blanks.
 *
 * @param words       every word, unquoted, the program name first and the current word last
 * @param quote       the quote open at the cursor: {@code '\''}, {@code '"'} or 0
 * @param replaceFrom where, in the line, the text readline replaces with a completion begins:
 *                    after the open quote, else after the last unquoted word-break character of
 *                    the current word (bash's {@code COMP_WORDBREAKS}: {@code :} and {@code =}
 *                    among them; at a {@code @} or {@code $}, which readline keeps), else at
 *                    the word's start
 * @param unquotedFrom where, in the current word unquoted, the text readline replaces begins
 */
public record ShellLine(List<String> words, char quote, int replaceFrom, int unquotedFrom) {
    public ShellLine {
        words = List.copyOf(words);
    }

    /** Word breaks that bash's readline leaves at the start of the word it completes. */
    private static final String SPECIAL_PREFIXES = "$@";

    /** @return the word being completed, unquoted */
    public String current() {
        return words.get(words.size() - 1);
    }

    /**
     * @param line       the line up to the cursor
     * @param wordBreaks the characters that end a word for readline (bash's {@code COMP_WORDBREAKS})
     */
    public static ShellLine parse(String line, String wordBreaks) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null; // null: between words
        int replaceFrom = line.length();
        int unquotedFrom = 0;
        char quote = 0;
        int quoteAt = -1;
        int quoteAtUnquoted = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') quote = 0;
                else word.append(c);
                continue;
            }
            if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\\\"$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n') {
                if (word != null) words.add(word.toString());
                word = null;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
                replaceFrom = i;
                unquotedFrom = 0;
            }
            if (c == '\\') {
                if (i + 1 < line.length()) word.append(line.charAt(++i));
            } else if (c == '\'' || c == '"') {
                quote = c;
                quoteAt = i;
                quoteAtUnquoted = word.length();
            } else {
                word.append(c);
                if (wordBreaks.indexOf(c) >= 0) { // bash keeps $ and @ in the word (rl_special_prefixes)
                    boolean kept = SPECIAL_PREFIXES.indexOf(c) >= 0;
                    replaceFrom = kept ? i : i + 1;
                    unquotedFrom = kept ? word.length() - 1 : word.length();
                }
            }
        }
        if (word == null) {
            words.add("");
            replaceFrom = line.length();
            unquotedFrom = 0;
        } else {
            words.add(word.toString());
        }
        if (quote != 0) {
            replaceFrom = quoteAt + 1;
            unquotedFrom = quoteAtUnquoted;
        }
        return new ShellLine(words, quote, replaceFrom, unquotedFrom);
    }
}
