package dev.virtdeck.tui;

import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;

import java.util.Locale;

/**
 * How usage figures are written in the TUI's columns and {@code virtdeck top}'s table, short
 * enough for a narrow column: CPU as {@code 12.5%}, sizes and rates with binary units
 * ({@code 170M}, {@code 1.2M} per second), "-" where unknown.
 */
public final class UsageText {
    public static final String UNKNOWN = "-";

    private UsageText() {
    }

    /** @return e.g. {@code 12.5%}, {@code 0.0%}, {@code 230%} (two busy CPUs and more) */
    public static String cpu(Double percent) {
        if (percent == null) return UNKNOWN;
        return percent >= 100 ? String.format(Locale.ROOT, "%.0f%%", percent)
                : String.format(Locale.ROOT, "%.1f%%", percent);
    }

    /** @return memory in use over allocated, e.g. {@code 170M/256M}, {@code -/256M} */
    public static String memory(VmInfo vm) {
        Long used = vm.usage() == null ? null : vm.usage().memoryInUseKiB();
        return (used == null ? UNKNOWN : bytes(used * 1024)) + "/"
                + (vm.memoryMiB() == null ? UNKNOWN : bytes(vm.memoryMiB() * 1024 * 1024));
    }

    /** @return read and write per second, e.g. {@code 1.2M/40K} */
    public static String disk(UsageRates r) {
        return rate(r.diskReadBps()) + "/" + rate(r.diskWriteBps());
    }

    /** @return received and sent per second, e.g. {@code 3.0K/512} */
    public static String net(UsageRates r) {
        return rate(r.netRxBps()) + "/" + rate(r.netTxBps());
    }

    /** @return bytes per second with a binary unit, e.g. {@code 512}, {@code 1.5K}, {@code 20M} */
    public static String rate(Double bps) {
        return bps == null ? UNKNOWN : bytes(Math.round(bps));
    }

    /** @return a byte count with a binary unit: {@code 512}, {@code 1.5K}, {@code 20M}, {@code 3.2G} */
    public static String bytes(long n) {
        String[] units = {"", "K", "M", "G", "T", "P"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) return Long.toString(n);
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + units[u];
    }
}
