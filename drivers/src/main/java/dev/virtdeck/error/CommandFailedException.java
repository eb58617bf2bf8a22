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
