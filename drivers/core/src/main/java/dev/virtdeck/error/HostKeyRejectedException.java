package dev.virtdeck.error;

/** Thrown when the host key is unknown (and --accept-new was not given) or has changed. */
public final class HostKeyRejectedException extends VirtdeckException {
    public HostKeyRejectedException(String host, String vm, String command, String message, Throwable cause) {
        super(host, vm, command, message, cause);
    }

    public HostKeyRejectedException(String host, String vm, String command, String message) {
        this(host, vm, command, message, null);
    }
}
