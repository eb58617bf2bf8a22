package dev.virtdeck.error;

/** Thrown when the named VM does not exist on the host. */
public final class VmNotFoundException extends VirtdeckException {
    public VmNotFoundException(String host, String vm, String command, String message, Throwable cause) {
        super(host, vm, command, message, cause);
    }

    public VmNotFoundException(String host, String vm, String command, String message) {
        this(host, vm, command, message, null);
    }
}
