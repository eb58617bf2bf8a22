package dev.virtdeck.sim;

import java.util.function.IntSupplier;

/**
 * Ends an emulated tool's subcommand early with its exit code, its message already printed. Lookups every
 * subcommand repeats ("the VM these words name, or the tool's error") then stop the subcommand in one line.
 */
final class ToolExit extends RuntimeException {

    private final int rc;

    ToolExit(int rc) {
        super(null, null, false, false); // control flow: no stack trace
        this.rc = rc;
    }

    /** Runs a tool; a ToolExit thrown inside becomes its exit code. */
    static int run(IntSupplier tool) {
        try {
            return tool.getAsInt();
        } catch (ToolExit e) {
            return e.rc;
        }
    }
}
