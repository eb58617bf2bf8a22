package dev.virtdeck.tui;

import dev.virtdeck.driver.ConsoleStream;

/**
 * Gives the terminal to a VM console while the TUI's screen is stopped, and takes it back when the
 * escape byte is typed or the console closes.
 */
@FunctionalInterface
public interface ConsoleBridge {

    /**
     * Blocks for the whole console session and closes the stream.
     *
     * @param label  {@code HOST:VM}
     * @param escape the byte that ends the session (not sent to the VM)
     * @return a one-line summary of how the session ended
     */
    String attach(ConsoleStream stream, String label, int escape);
}
