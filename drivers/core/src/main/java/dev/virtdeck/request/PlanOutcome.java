package dev.virtdeck.request;

import java.util.Locale;

/** What a dry run says a request would come to on one target. */
public enum PlanOutcome {
    /** The request would be sent and change the VM. */
    WOULD_RUN,
    /** The VM is already where the request would take it: nothing would be sent. */
    NOTHING_TO_DO,
    /** The driver cannot do it (capability, scope) or the VM's state forbids it: the run would fail. */
    REFUSED,
    /** The target's host could not be connected or listed: the run would fail. */
    HOST_ERROR;

    /** @return the word used in output: would-run, nothing-to-do, refused, host-error */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return true when a run would not fail on this target */
    public boolean clean() {
        return this == WOULD_RUN || this == NOTHING_TO_DO;
    }
}
