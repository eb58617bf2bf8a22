package dev.virtdeck.xen;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.driver.ProcessConsole;
import dev.virtdeck.ssh.RemoteProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A guest's console through {@code xl console DOM} (or {@code xm console}) on a remote PTY: the
 * console client needs a terminal and switches it to raw mode itself.
 *
 * <p>Unlike virsh, xl prints no banner: on success nothing at all until the guest writes, on
 * failure one error line and exit 1. So after starting we wait up to {@link #SETTLE}: the tool
 * exiting or printing a known error line means refusal; guest output or silence means attached.
 * Trade-off: attaching to a quiet guest costs {@link #SETTLE}, and a refusal slower than that (a
 * very loaded host) surfaces as the stream ending right after attach.
 */
final class XlConsole {
    /** Silence after which the console counts as attached. */
    static final Duration SETTLE = Duration.ofMillis(1500);
    /** The console client's detach key (Ctrl-]), sent on close so it lets go cleanly. */
    static final int ESCAPE = 0x1d;

    private static final Logger LOG = LoggerFactory.getLogger(XlConsole.class);
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
        RemoteCommand cmd = command(xl, target);
        RemoteProcess p = xl.ssh().start(cmd, true);
        try {
            byte[] seen = settle(xl, vm, p, cmd.shellLine());
            return new ProcessConsole(p, seen, cmd.shellLine(), ESCAPE);
        } catch (RuntimeException e) {
            ProcessConsole.closeQuietly(p);
            throw e;
        }
    }

    private static byte[] settle(Xl xl, String vm, RemoteProcess p, String line) {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        long quietSince = System.nanoTime();
        while (true) {
            boolean got;
            try {
                got = RemoteProcess.copyAvailable(p, seen, seen);
            } catch (IOException e) {
                throw new CommandFailedException(xl.host(), vm, line, -1, seen.toString(StandardCharsets.UTF_8),
                        e.toString());
            }
            String text = seen.toString(StandardCharsets.UTF_8);
            boolean ended = p.exitStatus() != null || !p.isOpen();
            if (ended || hasError(text) && text.contains("\n")) {
                drain(p, seen);
                throw refusal(xl, vm, line, p.exitStatus(), seen.toString(StandardCharsets.UTF_8));
            }
            if (got && !hasError(text) && !text.isBlank()) return seen.toByteArray(); // guest output: ours
            if (got) quietSince = System.nanoTime();
            if (System.nanoTime() - quietSince >= SETTLE.toNanos()) return seen.toByteArray();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationTimeoutException(xl.host(), vm, line, "interrupted while attaching the console");
            }
        }
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

    private static void drain(RemoteProcess p, ByteArrayOutputStream seen) {
        long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
        try {
            while (System.nanoTime() < until) {
                if (!RemoteProcess.copyAvailable(p, seen, seen)) {
                    if (p.exitStatus() != null || !p.isOpen()) return;
                    Thread.sleep(20);
                }
            }
        } catch (IOException e) {
            LOG.debug("draining console output: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
