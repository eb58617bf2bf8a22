package dev.virtdeck.tui;

import java.util.List;

/** Runs one CLI command line in-process (the {@code :} prompt), output captured. */
@FunctionalInterface
public interface CommandRunner {

    /** What a command printed and returned. */
    record Result(int code, String out, String err) {
    }

    /** @param args the words after {@code virtdeck}, global options of the TUI not included */
    Result run(List<String> args);
}
