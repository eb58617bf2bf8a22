package dev.virtdeck.cli;

/**
 * A usage error found after parsing: inventory error, selector that matches nothing. Mapped to
 * {@link ExitCodes#USAGE} like an invalid value of a request
 * ({@link dev.virtdeck.request.BadRequestException}); the message is printed as
 * {@code virtdeck: MESSAGE}.
 */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
