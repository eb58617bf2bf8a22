package dev.virtdeck.request;

import java.util.Collection;

/**
 * One line of a plan: what a request would do to one target.
 *
 * @param target  {@code HOST:VM}, as the real run's result names it
 * @param outcome what the run would come to
 * @param message what would happen, or why not
 * @param action  the CLI command that does it for this target alone, shell-quoted (e.g. {@code start kvm1:web})
 */
public record PlanStep(String target, PlanOutcome outcome, String message, String action) {

    /** @return true when no step would be refused or fail on its host */
    public static boolean clean(Collection<PlanStep> steps) {
        return steps.stream().allMatch(s -> s.outcome().clean());
    }
}
