package dev.virtdeck.fleet;

import java.time.Instant;

/**
 * What happened to one target of a rollout.
 *
 * @param wave     the wave it was in, from 1
 * @param started  when its action started; null when it never did (not attempted, interrupted)
 * @param finished when its action finished; null when it never started
 */
public record RolloutResult(Target target, int wave, Outcome outcome, Instant started, Instant finished) {

    /** @return the result as {@link Fleet#run} gives it */
    public TargetResult result() {
        return new TargetResult(target.label(), outcome);
    }
}
