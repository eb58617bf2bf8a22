package dev.virtdeck.fleet;

/** Selectors that match nothing, or several targets where exactly one is needed (a usage error). */
public final class TargetSelectionException extends Exception {
    private static final long serialVersionUID = 1L;

    public TargetSelectionException(String message) {
        super(message);
    }
}
