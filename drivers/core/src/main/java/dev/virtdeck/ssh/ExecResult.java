package dev.virtdeck.ssh;

import java.time.Duration;

/** The full result of one remote command; success is decided by the exit code, never by output. */
public record ExecResult(String command, int exitCode, String stdout, String stderr, Duration duration) {
    public boolean ok() {
        return exitCode == 0;
    }
}
