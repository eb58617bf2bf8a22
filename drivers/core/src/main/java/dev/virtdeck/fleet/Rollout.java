package dev.virtdeck.fleet;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an action on many targets the way a {@link RolloutPolicy} says: in waves, one after
 * another, the targets of a wave in parallel on the fleet's workers (so {@code --parallel} still
 * bounds them). Once more targets have failed than {@code maxFail} allows, no target starts any
 * more: the check is made as each target is about to start, not only between waves, and the
 * targets already running finish. Those never started are reported {@link Outcome.NotAttempted}.
 *
 * <pre>
 * Rollout.Report r = new Rollout(fleet, policy, hostOrder).run(targets, request, listener);
 * </pre>
 */
public final class Rollout {
    private final Fleet fleet;
    private final RolloutPolicy policy;
    private final List<String> hostOrder;
    private final Clock clock;

    /**
     * @param hostOrder the inventory's host names in inventory order (for {@link RolloutPolicy.Order})
     */
    public Rollout(Fleet fleet, RolloutPolicy policy, List<String> hostOrder) {
        this(fleet, policy, hostOrder, Clock.systemUTC());
    }

    /** @param clock stamps each target's start and finish */
    public Rollout(Fleet fleet, RolloutPolicy policy, List<String> hostOrder, Clock clock) {
        this.fleet = fleet;
        this.policy = policy;
        this.hostOrder = List.copyOf(hostOrder);
        this.clock = clock;
    }

    /**
     * What a rollout did.
     *
     * @param results one per target, in rollout order
     * @param waves   how many waves the targets were cut into
     * @param halt    why the run stopped early ({@code --max-fail 1 exceeded (2 failed)}), or null
     */
    public record Report(List<RolloutResult> results, int waves, String halt) {
        /** @return whether {@code --max-fail} stopped the run (some targets may all have been started anyway) */
        public boolean halted() {
            return halt != null;
        }

        /** @return the results as {@link Fleet#run} gives them */
        public List<TargetResult> targetResults() {
            return results.stream().map(RolloutResult::result).toList();
        }
    }

    /** @return the targets in the order {@code order} takes them (a stable sort) */
    public static List<Target> order(List<Target> targets, RolloutPolicy.Order order, List<String> hostOrder) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < hostOrder.size(); i++) rank.putIfAbsent(hostOrder.get(i), i);
        Comparator<Target> byHost = Comparator.comparingInt((Target t) -> rank.getOrDefault(t.host(), Integer.MAX_VALUE))
                .thenComparing(Target::host);
        Comparator<Target> c = order == RolloutPolicy.Order.VM
                ? Comparator.comparing(Target::vm, NaturalOrder.INSTANCE).thenComparing(byHost) : byHost;
        List<Target> out = new ArrayList<>(targets);
        out.sort(c);
        return out;
    }

    /** @return the ordered targets cut into waves of the policy's size, the last one possibly smaller */
    public static List<List<Target>> waves(List<Target> ordered, RolloutPolicy policy) {
        int size = policy.waveSize(ordered.size());
        List<List<Target>> out = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i += size) out.add(ordered.subList(i, Math.min(ordered.size(), i + size)));
        return out;
    }

    /** Targets of consecutive waves in one list, with the (1-based) wave of each. */
    public record Flat(List<Target> targets, List<Integer> waves) {
    }

    /** @return the waves' targets in order, each with its wave number */
    public static Flat flatten(List<List<Target>> waves) {
        List<Target> targets = new ArrayList<>();
        List<Integer> waveOf = new ArrayList<>();
        for (int w = 0; w < waves.size(); w++) {
            for (Target t : waves.get(w)) {
                targets.add(t);
                waveOf.add(w + 1);
            }
        }
        return new Flat(List.copyOf(targets), List.copyOf(waveOf));
    }

    /** Runs the action on every target; never throws for a target's failure. */
    public Report run(List<Target> targets, TargetAction action, RolloutListener listener) {
        List<List<Target>> waves = waves(order(targets, policy.order(), hostOrder), policy);
        Run run = new Run(targets.size(), listener);
        synchronized (run) {
            listener.begin(targets.size(), waves.size());
        }
        List<RolloutResult> results = new ArrayList<>(targets.size());
        for (int w = 0; w < waves.size(); w++) {
            int wave = w + 1;
            if (run.halted()) { // a whole wave after the stop: never handed to the workers
                for (Target t : waves.get(w)) results.add(null);
                continue;
            }
            synchronized (run) {
                listener.waveStarted(wave);
            }
            results.addAll(fleet.workers().map(waves.get(w), t -> run.target(t, wave, action),
                    t -> new RolloutResult(t, wave, new Outcome.Skipped("not started: interrupted", null), null, null)));
        }
        String halt = run.haltText();
        Flat flat = flatten(waves);
        List<Target> ordered = flat.targets();
        List<Integer> waveOf = flat.waves();
        for (int i = 0; i < ordered.size(); i++) {
            RolloutResult r = results.get(i);
            if (r == null) {
                r = new RolloutResult(ordered.get(i), waveOf.get(i),
                        new Outcome.NotAttempted("not attempted: " + halt, null), null, null);
                results.set(i, r);
            } else if (r.started() != null) {
                continue; // its listener call was made as it finished
            }
            synchronized (run) { // never started: told after the running ones finished, in rollout order
                listener.targetFinished(r);
            }
        }
        return new Report(List.copyOf(results), waves.size(), halt);
    }

    /** The shared state of one run: failures so far and whether the run stopped; its monitor serializes the listener. */
    private final class Run {
        private final int total;
        private final RolloutListener listener;
        private int failed;
        private boolean halted;

        Run(int total, RolloutListener listener) {
            this.total = total;
            this.listener = listener;
        }

        synchronized boolean halted() {
            return halted;
        }

        synchronized String haltText() {
            return halted ? "--max-fail " + policy.maxFail().text() + " exceeded (" + failed + " of " + total + " failed)" : null;
        }

        /** @return the target's result, or null when the run had stopped before its turn */
        RolloutResult target(Target t, int wave, TargetAction action) {
            Instant started;
            synchronized (this) {
                if (halted) return null;
                started = clock.instant();
                listener.targetStarted(t, wave);
            }
            Outcome o = fleet.runOne(t, action);
            RolloutResult r = new RolloutResult(t, wave, o, started, clock.instant());
            synchronized (this) {
                if (o.countsAsFailure()) failed++;
                if (policy.maxFail() != null && policy.maxFail().exceededBy(failed, total)) halted = true;
                listener.targetFinished(r);
            }
            return r;
        }
    }
}
