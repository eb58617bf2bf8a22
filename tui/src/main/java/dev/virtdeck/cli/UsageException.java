package dev.virtdeck.cli;

/**
 * A usage error found after parsing: invalid size, inventory error, selector that matches nothing.
 * Mapped to {@link ExitCodes#USAGE}; the message is printed as {@code virtdeck: MESSAGE}.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
