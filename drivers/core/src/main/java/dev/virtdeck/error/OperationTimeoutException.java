package dev.virtdeck.error;

/** Thrown when a command or operation did not finish in time. */
public final class OperationTimeoutException extends VirtdeckException {
    public OperationTimeoutException(String host, String vm, String command, String message, Throwable cause) {
        super(host, vm, command, message, cause);
    }

    public OperationTimeoutException(String host, String vm, String command, String message) {
        this(host, vm, command, message, null);
    }
}
