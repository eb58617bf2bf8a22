package dev.virtdeck.inventory;

import java.util.ArrayList;
import java.util.List;

/**
 * Ansible's host ranges: {@code web[01:20]} is web01 to web20 (a leading zero in the start sets
 * the width), {@code db-[a:c]} is db-a, db-b, db-c, {@code n[0:10:5]} steps by 5; several ranges
 * in one pattern multiply. Written from Ansible's inventory documentation.
 */
final class HostRanges {
    private HostRanges() {
    }

    /**
     * @return the names the pattern stands for, in order; the pattern itself when it has no range
     * @throws IllegalArgumentException for a malformed range (the message says what is wrong)
     */
    static List<String> expand(String pattern) {
        int open = pattern.indexOf('[');
        if (open < 0) {
            return List.of(pattern);
        }
        int close = pattern.indexOf(']', open);
        if (close < 0) {
            throw new IllegalArgumentException("unclosed '[' in the host pattern '" + pattern + "'");
        }
        String head = pattern.substring(0, open);
        String[] parts = pattern.substring(open + 1, close).split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("the range '" + pattern.substring(open, close + 1) + "' in '" + pattern
                    + "' is not [START:END] or [START:END:STEP]");
        }
        int step = 1;
        if (parts.length == 3) {
            step = parts[2].matches("\\d{1,6}") ? Integer.parseInt(parts[2]) : 0;
            if (step < 1) {
                throw new IllegalArgumentException("the step of the range in '" + pattern + "' must be a whole number of at least 1");
            }
        }
        List<String> middles = new ArrayList<>();
        if (parts[0].matches("\\d{1,9}") && parts[1].matches("\\d{1,9}")) {
            int from = Integer.parseInt(parts[0]);
            int to = Integer.parseInt(parts[1]);
            int width = parts[0].length() > 1 && parts[0].startsWith("0") ? parts[0].length() : 0;
            check(from <= to, pattern);
            for (int i = from; i <= to; i += step) {
                middles.add(width == 0 ? Integer.toString(i) : String.format("%0" + width + "d", i));
            }
        } else if (parts[0].matches("[a-zA-Z]") && parts[1].matches("[a-zA-Z]")) {
            char from = parts[0].charAt(0);
            char to = parts[1].charAt(0);
            check(from <= to && Character.isUpperCase(from) == Character.isUpperCase(to), pattern);
            for (char c = from; c <= to; c += (char) step) {
                middles.add(String.valueOf(c));
            }
        } else {
            throw new IllegalArgumentException("the range in '" + pattern + "' mixes or misspells its ends: write"
                    + " two numbers ([01:20]) or two letters ([a:c])");
        }
        List<String> tails = expand(pattern.substring(close + 1));
        List<String> out = new ArrayList<>();
        for (String m : middles) {
            for (String tail : tails) {
                out.add(head + m + tail);
            }
        }
        return out;
    }

    private static void check(boolean ok, String pattern) {
        if (!ok) {
            throw new IllegalArgumentException("the range in '" + pattern + "' ends before it starts");
        }
    }
}
