package dev.virtdeck.fleet;

/**
 * Hears a rollout as it goes (streamed output, a progress line). {@link Rollout} calls it from
 * its workers but never two calls at once, so an implementation needs no locking of its own; it
 * should be quick, as targets wait to start while it runs.
 */
public interface RolloutListener {
    RolloutListener NONE = r -> { };

    /** Before anything runs. */
    default void begin(int targets, int waves) {
    }

    /** A wave starts (from 1); it is called for a wave that is stopped before any target of it ran too. */
    default void waveStarted(int wave) {
    }

    /** A target's action is about to be sent. */
    default void targetStarted(Target target, int wave) {
    }

    /**
     * Once per target: as soon as it finished; for targets that never started (not attempted,
     * interrupted), after every running target finished, in rollout order.
     */
    void targetFinished(RolloutResult result);

    /** @return a listener calling {@code first}, then {@code second} */
    static RolloutListener both(RolloutListener first, RolloutListener second) {
        return new RolloutListener() {
            @Override
            public void begin(int targets, int waves) {
                first.begin(targets, waves);
                second.begin(targets, waves);
            }

            @Override
            public void waveStarted(int wave) {
                first.waveStarted(wave);
                second.waveStarted(wave);
            }

            @Override
            public void targetStarted(Target target, int wave) {
                first.targetStarted(target, wave);
                second.targetStarted(target, wave);
            }

            @Override
            public void targetFinished(RolloutResult result) {
                first.targetFinished(result);
                second.targetFinished(result);
            }
        };
    }
}
