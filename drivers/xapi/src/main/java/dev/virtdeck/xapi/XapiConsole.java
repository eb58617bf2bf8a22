package dev.virtdeck.xapi;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.ProcessConsole;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A guest's text console from dom0: {@code xl console DOMID} on a remote PTY, as the xl driver does
 * (xl needs a terminal and sets it raw). The domid is a number from the VM record, never a name.
 * xl prints nothing when it attaches and one error line when it cannot, so the first
 * {@link #SETTLE} decides: an exit or an error line is a refusal, guest output or silence is attached.
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
        RemoteCommand cmd = command(domid, sudo);
        RemoteProcess p = ssh.start(cmd, true);
        try {
            byte[] seen = settle(host, vm, p, cmd.shellLine());
            return new ProcessConsole(p, seen, cmd.shellLine(), ESCAPE);
        } catch (RuntimeException e) {
            ProcessConsole.closeQuietly(p);
            throw e;
        }
    }

    private static byte[] settle(String host, String vm, RemoteProcess p, String line) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        long quietSince = System.nanoTime();
        while (true) {
            boolean got;
            try {
                got = RemoteProcess.copyAvailable(p, seen, seen);
            } catch (IOException e) {
                throw new CommandFailedException(host, vm, line, -1, seen.toString(StandardCharsets.UTF_8), e.toString());
            }
            String text = seen.toString(StandardCharsets.UTF_8);
            boolean ended = p.exitStatus() != null || !p.isOpen();
            if (ended || hasError(text) && text.contains("\n")) throw refusal(host, vm, line, p.exitStatus(), text);
            if (got && !text.isBlank()) return seen.toByteArray();
            if (got) quietSince = System.nanoTime();
            if (System.nanoTime() - quietSince >= SETTLE.toNanos()) return seen.toByteArray();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationTimeoutException(host, vm, line, "interrupted while attaching the console");
            }
        }
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
