package dev.virtdeck.fleet;

/**
 * What happened to one target. Every variant carries a human message and the remote command line
 * or API call involved (null when none was sent, e.g. for a target on an unreachable host).
 */
public sealed interface Outcome permits Outcome.Ok, Outcome.Failed, Outcome.Unsupported, Outcome.Skipped,
        Outcome.NotAttempted {

    String message();

    String command();

    /** @return the word used in output: ok, failed, unsupported, skipped, not-attempted */
    String label();

    /** @return true only for {@link Ok} */
    default boolean ok() {
        return this instanceof Ok;
    }

    /**
     * @return whether it counts against a rollout's {@code --max-fail}: failed (unreachable host
     *         included) and unsupported, as Ansible counts failed and unreachable hosts; never ok,
     *         skipped or not attempted, where nothing was tried
     */
    default boolean countsAsFailure() {
        return this instanceof Failed || this instanceof Unsupported;
    }

    /** The action succeeded (or found the VM already in the wanted state). */
    record Ok(String message, String command) implements Outcome {
        public String label() { return "ok"; }
    }

    /** The action failed, or its host could not be reached. */
    record Failed(String message, String command) implements Outcome {
        public String label() { return "failed"; }
    }

    /** The driver cannot do this action on this host. */
    record Unsupported(String message, String command) implements Outcome {
        public String label() { return "unsupported"; }
    }

    /** The action was not attempted (the run was interrupted before it started). */
    record Skipped(String message, String command) implements Outcome {
        public String label() { return "skipped"; }
    }

    /** A rollout stopped before this target's turn ({@code --max-fail} exceeded): nothing was sent. */
    record NotAttempted(String message, String command) implements Outcome {
        public String label() { return "not-attempted"; }
    }
}
