package dev.virtdeck.request;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the values typed for requests. Sizes: a number with an optional binary suffix K, M, G or T
 * (KiB..TiB; case-insensitive, optionally followed by {@code iB}); a bare number is MiB. The result
 * must be a whole, positive number of MiB. Whether a current value fits its maximum is the
 * request's check, not the parser's.
 */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)([KMGT](?:IB)?)?");

    private Sizes() {
    }

    /**
     * @return the size in MiB
     * @throws BadRequestException when the text is not a size
     */
    public static long parseMiB(String text) {
        String t = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new BadRequestException("invalid size '" + text + "': expected a number with an optional K, M, G or T"
                    + " suffix (binary, optional iB), e.g. 512M, 2G, 1.5GiB; a bare number is MiB");
        }
        BigDecimal kib = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(kibPerUnit(m.group(2))));
        BigDecimal mib = kib.divide(BigDecimal.valueOf(1024));
        if (mib.signum() <= 0) throw new BadRequestException("invalid size '" + text + "': must be more than 0");
        try {
            return mib.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new BadRequestException("invalid size '" + text + "': not a whole number of MiB (" + mib.toPlainString() + " MiB)");
        }
    }

    private static long kibPerUnit(String suffix) {
        if (suffix == null) return 1024;
        return switch (suffix.charAt(0)) {
            case 'K' -> 1;
            case 'M' -> 1024;
            case 'G' -> 1024L * 1024;
            default -> 1024L * 1024 * 1024;
        };
    }

    /**
     * Parses {@code SIZE[/MAX]} (memory of {@code create}).
     *
     * @return {current, max}; max equals current when omitted
     */
    public static long[] parseMiBPair(String text, String option) {
        String[] parts = text.split("/", -1);
        if (parts.length > 2) throw new BadRequestException(option + ": expected SIZE or SIZE/MAX, got '" + text + "'");
        long cur = parseMiB(parts[0]);
        return new long[]{cur, parts.length == 2 ? parseMiB(parts[1]) : cur};
    }

    /**
     * Parses {@code N[/MAX]} (vCPUs of {@code create}).
     *
     * @return {current, max}; max equals current when omitted
     */
    public static int[] parseCountPair(String text, String option) {
        String[] parts = text.split("/", -1);
        if (parts.length > 2) throw new BadRequestException(option + ": expected N or N/MAX, got '" + text + "'");
        int cur = parseCount(parts[0], option);
        return new int[]{cur, parts.length == 2 ? parseCount(parts[1], option) : cur};
    }

    /** @return a positive count such as a number of vCPUs */
    public static int parseCount(String text, String what) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n > 0) return n;
        } catch (NumberFormatException e) {
            // reported below with the same message as a non-positive number
        }
        throw new BadRequestException(what + ": expected a positive whole number, got '" + text + "'");
    }

    /** @return how a request spells a size on the command line: whole MiB, e.g. {@code 1024M} */
    static String spell(long mib) {
        return mib + "M";
    }
}
