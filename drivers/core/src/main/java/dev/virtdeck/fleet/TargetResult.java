package dev.virtdeck.fleet;

/**
 * The outcome for one target.
 *
 * @param target  {@code HOST:VM}
 * @param outcome what happened
 */
public record TargetResult(String target, Outcome outcome) {
}
