package dev.virtdeck.ssh;

import java.util.List;

/**
 * A command to run on a host, kept as an argv list. {@link #shellLine()} is the only way it becomes
 * a string: every argument POSIX-quoted, prefixed with {@code LC_ALL=C} (and {@code sudo -n} when
 * the host needs it), so no VM name or user value is ever pasted into a command line unquoted.
 */
public record RemoteCommand(List<String> argv, boolean sudo) {

    public RemoteCommand {
        if (argv.isEmpty()) throw new IllegalArgumentException("empty command");
        argv = List.copyOf(argv);
    }

    public static RemoteCommand of(String... argv) {
        return new RemoteCommand(List.of(argv), false);
    }

    public static RemoteCommand of(List<String> argv) {
        return new RemoteCommand(argv, false);
    }

    public RemoteCommand withSudo(boolean sudo) {
        return new RemoteCommand(argv, sudo);
    }

    /** @return the line the remote shell receives */
    public String shellLine() {
        return (sudo ? "sudo -n LC_ALL=C " : "LC_ALL=C ") + ShellQuote.join(argv);
    }

    @Override
    public String toString() {
        return shellLine();
    }
}
