package dev.virtdeck.error;

/** Thrown when the host cannot be reached (refused, no route, DNS, connect timeout, dropped). */
public final class HostUnreachableException extends VirtdeckException {
    public HostUnreachableException(String host, String vm, String command, String message, Throwable cause) {
        super(host, vm, command, message, cause);
    }

    public HostUnreachableException(String host, String vm, String command, String message) {
        this(host, vm, command, message, null);
    }
}
