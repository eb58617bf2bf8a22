package dev.virtdeck.fleet;

/**
 * What happened to one target. Every variant carries a human message and the remote command line
 * or API call involved (null when none was sent, e.g. for a target on an unreachable host).
 */
public sealed interface Outcome permits Outcome.Ok, Outcome.Failed, Outcome.Unsupported, Outcome.Skipped {

    String message();

    String command();

    /** @return the word used in output: ok, failed, unsupported, skipped */
    String label();

    /** @return true only for {@link Ok} */
    default boolean ok() {
        return this instanceof Ok;
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
}
