package dev.virtdeck.inventory;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Name rules and "did you mean" hints shared by the inventory reader and selectors. */
final class Names {
    /** Host and group names: safe in selectors, file names and as SSH aliases. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(passw|passphrase|secret|token|credential|api_?key|private_?key).*|pass|pwd");

    private Names() {
    }

    /** @return whether {@code s} is a valid host or group name */
    static boolean isValidName(String s) {
        return s != null && NAME.matcher(s).matches();
    }

    static String nameRule() {
        return "must start with a letter or digit and contain only letters, digits, '.', '_' and '-'";
    }

    /** @return whether a key looks like it would hold a secret (password, passphrase, token...) */
    static boolean looksSecret(String key) {
        return SECRET.matcher(key).matches();
    }

    /**
     * @return the candidate closest to {@code wrong} if it is close enough to be a likely typo
     *         (case-insensitive edit distance of at most 2, or 1 for short words)
     */
    static Optional<String> closest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        int limit = w.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** @return " (did you mean 'x'?)" or "" */
    static String hint(String wrong, Collection<String> candidates) {
        return closest(wrong, candidates).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    /** Levenshtein distance, with a transposition counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
