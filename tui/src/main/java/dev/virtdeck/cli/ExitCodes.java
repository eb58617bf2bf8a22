package dev.virtdeck.cli;

import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Rollout;
import dev.virtdeck.fleet.TargetResult;
import dev.virtdeck.request.PlanStep;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CLI's exit codes, named and decided here only. */
public final class ExitCodes {
    /** Every target ok, every host reachable. */
    public static final int OK = 0;
    /** A target failed, was unsupported or skipped, or a host was unreachable (a dry run: would be refused, or its host failed). */
    public static final int FAILED = 1;
    /** Bad usage, an invalid inventory, or a selector that matches nothing. */
    public static final int USAGE = 2;
    /** {@code --max-fail} stopped the run: some targets were not attempted (a rollout halted). */
    public static final int HALTED = 3;

    /** Each code with what it means, in order (the manual pages' EXIT STATUS). */
    public static final Map<Integer, String> MEANINGS = meanings();

    private static Map<Integer, String> meanings() {
        Map<Integer, String> m = new LinkedHashMap<>();
        m.put(OK, "Every target ok, every host reachable.");
        m.put(FAILED, "A target failed, was unsupported or skipped, or a host was unreachable"
                + " (a dry run: a step would be refused, or its host failed).");
        m.put(USAGE, "Bad usage, an invalid inventory, or a selector that matches nothing.");
        m.put(HALTED, "--max-fail stopped the run: some targets were not attempted.");
        return Collections.unmodifiableMap(m);
    }

    private ExitCodes() {
    }

    /** @return {@link #OK} when every outcome is ok, else {@link #FAILED} */
    public static int forResults(Collection<TargetResult> results) {
        return results.stream().allMatch(r -> r.outcome().ok()) ? OK : FAILED;
    }

    /** @return {@link #HALTED} when {@code --max-fail} stopped the run, else as {@link #forResults} */
    public static int forRollout(Rollout.Report report) {
        return report.halted() ? HALTED : forResults(report.targetResults());
    }

    /** @return {@link #OK} when every step would run or has nothing to do, else {@link #FAILED} */
    public static int forPlan(Collection<PlanStep> steps) {
        return PlanStep.clean(steps) ? OK : FAILED;
    }

    /** @return {@link #OK} when every host is reachable, else {@link #FAILED} */
    public static int forHosts(Collection<HostStatus> hosts) {
        return hosts.stream().allMatch(HostStatus::ok) ? OK : FAILED;
    }
}
