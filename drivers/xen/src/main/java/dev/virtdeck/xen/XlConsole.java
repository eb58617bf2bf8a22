package dev.virtdeck.xen;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.QuietConsole;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.RemoteCommand;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A guest's console through {@code xl console DOM} (or {@code xm console}) on a remote PTY: the
 * console client needs a terminal and switches it to raw mode itself.
 *
 * <p>Unlike virsh, xl prints no banner: on success nothing at all until the guest writes, on
 * failure one error line and exit 1; {@link QuietConsole} tells the two apart within {@link #SETTLE}.
 */
final class XlConsole {
    /** Silence after which the console counts as attached. */
    static final Duration SETTLE = Duration.ofMillis(1500);
    /** The console client's detach key (Ctrl-]), sent on close so it lets go cleanly. */
    static final int ESCAPE = 0x1d;

    private static final List<String> ERRORS = List.of("is an invalid domain identifier", "Unable to attach console",
            "console type supported", "cannot init xl context", "Error: ", "command not implemented");

    private XlConsole() {
    }

    /** @return {@code xl console TARGET} */
    static RemoteCommand command(Xl xl, String... target) {
        List<String> words = new ArrayList<>(List.of("console"));
        words.addAll(List.of(target));
        return xl.command(words.toArray(String[]::new));
    }

    /**
     * Attaches to a running domain's console.
     *
     * @param target the name (or domid) as xl should see it
     * @throws VmNotFoundException    no such domain
     * @throws CommandFailedException the tool refused otherwise
     */
    static ConsoleStream open(Xl xl, String vm, String... target) {
        return QuietConsole.attach(xl.ssh(), command(xl, target), xl.host(), vm, SETTLE, ESCAPE, XlConsole::hasError,
                (line, exit, transcript) -> refusal(xl, vm, line, exit, transcript));
    }

    static boolean hasError(String text) {
        return ERRORS.stream().anyMatch(text::contains);
    }

    /** Maps the transcript of a refused attach (PTY: stdout and stderr merged). */
    static RuntimeException refusal(Xl xl, String vm, String line, Integer exit, String transcript) {
        String why = XlParsers.errorText(transcript.replace("\r", ""));
        if (Xl.isNotFound(why)) return new VmNotFoundException(xl.host(), vm, line, "no such VM");
        return new CommandFailedException(xl.host(), vm, line, exit == null ? -1 : exit, transcript, why);
    }
}
