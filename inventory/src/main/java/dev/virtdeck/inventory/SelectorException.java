package dev.virtdeck.inventory;

/** A selector that cannot be parsed; the message says what is wrong and where. */
public final class SelectorException extends Exception {
    private static final long serialVersionUID = 1L;

    public SelectorException(String message) {
        super(message);
    }
}
