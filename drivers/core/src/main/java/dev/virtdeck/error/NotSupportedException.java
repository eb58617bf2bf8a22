package dev.virtdeck.error;

/**
 * Thrown when a driver cannot perform an operation (or a scope of it); made by
 * {@code Operation.unsupported}. The operation is kept as its CLI name so that this family of
 * errors depends on nothing above it.
 */
public final class NotSupportedException extends VirtdeckException {
    private final String operation;

    /** @param operation the operation's CLI name, e.g. {@code set-memory} */
    public NotSupportedException(String host, String vm, String operation, String reason) {
        super(host, vm, null, operation + " is not supported: " + reason, null);
        this.operation = operation;
    }

    /** @return the CLI name of the operation that is missing, e.g. {@code reset} */
    public String operation() {
        return operation;
    }
}
