package dev.virtdeck.request;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.error.NotSupportedException;

import java.util.Set;

/**
 * Why a driver cannot carry out an operation: it does not support it at all, or not in the scope
 * asked for (a live-only driver and {@code --config}). The TUI shows it before sending and
 * {@link VmRequest#apply} throws it, in one wording.
 *
 * @param operation the operation refused
 * @param reason    the driver's explanation, after the scope refused if that is the problem
 */
public record Refusal(Operation operation, String reason) {

    /** @return the refusal of {@code op} in {@code scope} by {@code caps}, or null when they allow it */
    public static Refusal of(Capabilities caps, Operation op, Set<Scope> scope) {
        Capability c = caps.of(op);
        if (!c.supported()) return new Refusal(op, c.reason());
        if (scope.contains(Scope.LIVE) && !c.live()) return new Refusal(op, "not with --live" + because(c));
        if (scope.contains(Scope.CONFIG) && !c.config()) return new Refusal(op, "not with --config" + because(c));
        return null;
    }

    private static String because(Capability c) {
        return c.reason() == null ? "" : "; " + c.reason();
    }

    /** @return "OP is not supported: REASON", worded as the exception words it */
    public String message() {
        return exception(null, null).getMessage();
    }

    public NotSupportedException exception(String host, String vm) {
        return operation.unsupported(host, vm, reason);
    }

    /**
     * @return {@code driver}, once its capabilities allow {@code request}
     * @throws NotSupportedException naming the driver's host and {@code vm} otherwise
     */
    static HypervisorDriver require(Request request, HypervisorDriver driver, String vm) {
        Refusal no = request.refusal(driver.capabilities());
        if (no != null) throw no.exception(driver.host(), vm);
        return driver;
    }
}
