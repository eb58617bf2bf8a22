package dev.virtdeck.fleet;

/**
 * A count of targets, given either as a number or as a percentage of all the targets of a run:
 * the value of {@code --serial N|N%} and {@code --max-fail N|N%}.
 */
public sealed interface Limit permits Limit.Count, Limit.Percent {

    /** @return {@code N} or {@code N%}, as the user spells it */
    String text();

    /** @return the limit as a number of targets out of {@code total}, a percentage rounded up */
    int of(int total);

    /**
     * @return whether {@code failed} targets out of {@code total} are more than the limit allows;
     *         a percentage compares exactly ({@code failed / total > N / 100}), no rounding
     */
    boolean exceededBy(int failed, int total);

    /** Exactly {@code n} targets. */
    record Count(int n) implements Limit {
        public Count {
            if (n < 0) throw new IllegalArgumentException("must not be negative, got " + n);
        }

        public String text() { return Integer.toString(n); }

        public int of(int total) { return n; }

        public boolean exceededBy(int failed, int total) { return failed > n; }
    }

    /** {@code percent} per cent of the targets, 0 to 100. */
    record Percent(int percent) implements Limit {
        public Percent {
            if (percent < 0 || percent > 100) throw new IllegalArgumentException("must be 0% to 100%, got " + percent + "%");
        }

        public String text() { return percent + "%"; }

        public int of(int total) { return (int) ((total * (long) percent + 99) / 100); }

        public boolean exceededBy(int failed, int total) { return failed * 100L > (long) percent * total; }
    }

    /**
     * @param text {@code N} or {@code N%}, N a whole number
     * @throws IllegalArgumentException saying what is wrong
     */
    static Limit parse(String text) {
        String t = text.strip();
        boolean percent = t.endsWith("%");
        String digits = percent ? t.substring(0, t.length() - 1) : t;
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9') || digits.length() > 9) {
            throw new IllegalArgumentException("expected N or N% (a whole number, or a percentage of the targets), got '"
                    + text + "'");
        }
        int n = Integer.parseInt(digits);
        if (percent && n > 100) throw new IllegalArgumentException("a percentage is at most 100%, got '" + text + "'");
        return percent ? new Percent(n) : new Count(n);
    }
}
