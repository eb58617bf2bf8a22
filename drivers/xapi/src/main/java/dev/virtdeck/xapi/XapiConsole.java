package dev.virtdeck.xapi;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.QuietConsole;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.time.Duration;
import java.util.List;

/**
 * A guest's text console from dom0: {@code xl console DOMID} on a remote PTY, as the xl driver does
 * (xl needs a terminal and sets it raw). The domid is a number from the VM record, never a name.
 * xl prints nothing when it attaches and one error line when it cannot: {@link QuietConsole} tells
 * the two apart within {@link #SETTLE}.
 */
final class XapiConsole {
    static final Duration SETTLE = Duration.ofMillis(1500);
    /** xl console's detach key (Ctrl-]), sent on close. */
    static final int ESCAPE = 0x1d;
    private static final List<String> ERRORS = List.of("is an invalid domain identifier", "Unable to attach console",
            "console type supported", "cannot init xl context", "command not found", "not found");

    private XapiConsole() {
    }

    static RemoteCommand command(long domid, boolean sudo) {
        return RemoteCommand.of("xl", "console", Long.toString(domid)).withSudo(sudo);
    }

    static ConsoleStream open(SshHost ssh, String host, String vm, long domid, boolean sudo) {
        return QuietConsole.attach(ssh, command(domid, sudo), host, vm, SETTLE, ESCAPE, XapiConsole::hasError,
                (line, exit, transcript) -> refusal(host, vm, line, exit, transcript));
    }

    static boolean hasError(String text) {
        return ERRORS.stream().anyMatch(text::contains);
    }

    static RuntimeException refusal(String host, String vm, String line, Integer exit, String transcript) {
        String why = transcript.replace("\r", "").strip();
        if (why.contains("invalid domain identifier")) {
            return new InvalidRequestException(host, vm, line, "the VM's domain is gone from this member (it stopped or"
                    + " migrated meanwhile): " + why);
        }
        return new CommandFailedException(host, vm, line, exit == null ? -1 : exit, transcript, why);
    }
}
