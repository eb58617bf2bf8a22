package dev.virtdeck.cli;

import dev.virtdeck.fleet.Limit;
import dev.virtdeck.fleet.RolloutPolicy;
import picocli.CommandLine.Option;

/** {@code --serial}, {@code --max-fail}, {@code --order}: how a verb's targets are rolled out (a mixin). */
final class RolloutOptions {

    @Option(names = "--serial", paramLabel = "N|N%", description = {"Targets per wave; waves run one after another,",
            "a wave's targets in parallel. N%% of the targets, rounded up (default: one wave of all)."})
    String serial;

    @Option(names = "--max-fail", paramLabel = "N|N%", description = {"Stop once more than N targets (N%% of all) failed",
            "or were unsupported: running ones finish, the rest are not attempted (exit 3). Default: no limit."})
    String maxFail;

    @Option(names = "--order", paramLabel = "host|vm", description = {"Order targets are taken into waves and reported:",
            "host (default; host by host in inventory order) or vm (by VM name, numbers by value)."})
    RolloutPolicy.Order order = RolloutPolicy.Order.HOST;

    /** @return the policy the options ask for; a bad value is a {@link UsageException} naming its option */
    RolloutPolicy policy() {
        Limit s = limit("--serial", serial);
        if (s instanceof Limit.Count c && c.n() < 1) throw new UsageException("--serial must be at least 1, got " + serial);
        if (s instanceof Limit.Percent p && p.percent() < 1) {
            throw new UsageException("--serial must be 1% to 100%, got " + serial);
        }
        return new RolloutPolicy(s, limit("--max-fail", maxFail), order);
    }

    private static Limit limit(String option, String text) {
        if (text == null) return null;
        try {
            return Limit.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid value for " + option + ": " + e.getMessage());
        }
    }
}
