package dev.virtdeck.error;

/** Thrown when a remote command exits non-zero (or reports an error on a zero exit). */
public final class CommandFailedException extends VirtdeckException {
    private final int exitCode;
    private final String stdout;
    private final String stderr;

    public CommandFailedException(String host, String vm, String command, int exitCode,
                                  String stdout, String stderr) {
        super(host, vm, command, summary(command, exitCode, stderr, stdout), null);
        this.exitCode = exitCode;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    private CommandFailedException(String host, String vm, String call, String message, Throwable cause) {
        super(host, vm, call, "`" + call + "` failed: " + message, cause);
        this.exitCode = -1;
        this.stdout = "";
        this.stderr = message;
    }

    /**
     * A failed API call (no process, so no exit code): the message reads {@code `CALL` failed: why}.
     */
    public static CommandFailedException ofCall(String host, String vm, String call, String why, Throwable cause) {
        return new CommandFailedException(host, vm, call, why, cause);
    }

    private static String summary(String command, int exitCode, String stderr, String stdout) {
        String why = firstNonBlank(stderr, stdout);
        return "`" + command + "` exited " + exitCode + (why.isEmpty() ? "" : ": " + why);
    }

    private static String firstNonBlank(String... texts) {
        for (String t : texts) {
            if (t != null && !t.isBlank()) return t.strip();
        }
        return "";
    }

    public int exitCode() { return exitCode; }
    public String stdout() { return stdout; }
    public String stderr() { return stderr; }
}
