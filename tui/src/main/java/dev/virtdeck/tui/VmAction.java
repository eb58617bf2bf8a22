package dev.virtdeck.tui;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.request.VmRequest;

/**
 * What a VM key does, carried by its key-table entry: the request it sends to each target, or the
 * dialog that reads a value first. The request types own validation, capability checks and CLI
 * spelling; this says only how the TUI gets to one, so a verb lives in its request and one entry.
 */
public sealed interface VmAction {

    /** Builds the request for one target (it may depend on the VM: pause or resume). */
    @FunctionalInterface
    interface RequestFor {
        VmRequest of(VmInfo vm, TuiConfig config);
    }

    /**
     * Sends a request to each target.
     *
     * @param fallback the action offered for the targets it failed on (force off after a shutdown
     *                 that timed out), or null
     */
    record Send(RequestFor request, ActionId fallback) implements VmAction {

        /** @return the same request for every target, without fallback */
        public static Send always(VmRequest request) {
            return new Send((vm, config) -> request, null);
        }
    }

    /** Reads one value in a dialog, then sends the request built from it. */
    record Ask(ValueDialog<?> dialog) implements VmAction {
    }
}
