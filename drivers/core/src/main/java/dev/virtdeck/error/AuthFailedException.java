package dev.virtdeck.error;

/** Thrown when SSH authentication failed with every method tried. */
public final class AuthFailedException extends VirtdeckException {
    public AuthFailedException(String host, String vm, String command, String message, Throwable cause) {
        super(host, vm, command, message, cause);
    }

    public AuthFailedException(String host, String vm, String command, String message) {
        this(host, vm, command, message, null);
    }
}
