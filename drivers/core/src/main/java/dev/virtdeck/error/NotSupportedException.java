package dev.virtdeck.error;

import dev.virtdeck.driver.Operation;

/** Thrown when a driver cannot perform an operation (or a scope of it); carries the capability. */
public final class NotSupportedException extends VirtdeckException {
    private final Operation operation;

    public NotSupportedException(String host, String vm, Operation operation, String reason) {
        super(host, vm, null, operation.cliName() + " is not supported: " + reason, null);
        this.operation = operation;
    }

    /** @return the capability that is missing */
    public Operation operation() { return operation; }
}
