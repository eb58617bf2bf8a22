package dev.virtdeck.error;

/** Thrown when the request is invalid for this VM (beyond a maximum, wrong state, bad size). */
public final class InvalidRequestException extends VirtdeckException {
    public InvalidRequestException(String host, String vm, String command, String message, Throwable cause) {
        super(host, vm, command, message, cause);
    }

    public InvalidRequestException(String host, String vm, String command, String message) {
        this(host, vm, command, message, null);
    }
}
