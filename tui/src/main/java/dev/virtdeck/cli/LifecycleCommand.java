package dev.virtdeck.cli;

import dev.virtdeck.request.Lifecycle;
import dev.virtdeck.request.VmRequest;

/**
 * {@code start|poweroff|reboot|reset|pause|resume|save SELECTOR...}: the verbs without options,
 * one instance per {@link Lifecycle} request, named and described by it (see {@link Virtdeck}).
 */
final class LifecycleCommand extends SelectorsCommand {
    private final Lifecycle request;

    LifecycleCommand(Lifecycle request) {
        this.request = request;
    }

    @Override
    protected VmRequest request() {
        return request;
    }
}
