package dev.virtdeck.request;

/**
 * A request refused when it is built: an invalid value or a wrong combination of options, found
 * before any host is contacted. The message is the whole explanation (the CLI prints it as a usage
 * error, the TUI in its dialog).
 */
public final class BadRequestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
