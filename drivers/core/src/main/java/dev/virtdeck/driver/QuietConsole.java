package dev.virtdeck.driver;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Attaches a console client that says nothing when it attaches and one error line when it cannot
 * ({@code xl console}, {@code xm console}): started on a remote PTY, it is watched for
 * {@code settle}; the tool exiting or printing a known error line is a refusal, guest output or
 * silence means attached. Trade-off: attaching to a quiet guest costs {@code settle}, and a refusal
 * slower than that (a very loaded host) surfaces as the stream ending right after attach.
 */
public final class QuietConsole {
    private static final Logger LOG = LoggerFactory.getLogger(QuietConsole.class);

    /** Turns the transcript of a refused attach (PTY: stdout and stderr merged) into the error to throw. */
    public interface Refusal {
        RuntimeException of(String line, Integer exit, String transcript);
    }

    private QuietConsole() {
    }

    /**
     * @param escape  the client's detach key, sent on close so it lets go cleanly
     * @param isError whether the output so far holds one of the tool's refusal lines
     */
    public static ConsoleStream attach(SshHost ssh, RemoteCommand cmd, String host, String vm, Duration settle,
                                       int escape, Predicate<String> isError, Refusal refusal) {
        RemoteProcess p = ssh.start(cmd, true);
        try {
            byte[] seen = settle(p, cmd.shellLine(), host, vm, settle, isError, refusal);
            return new ProcessConsole(p, seen, cmd.shellLine(), escape);
        } catch (RuntimeException e) {
            ProcessConsole.closeQuietly(p);
            throw e;
        }
    }

    private static byte[] settle(RemoteProcess p, String line, String host, String vm, Duration settle,
                                 Predicate<String> isError, Refusal refusal) {
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
            if (ended || isError.test(text) && text.contains("\n")) {
                drain(p, seen);
                throw refusal.of(line, p.exitStatus(), seen.toString(StandardCharsets.UTF_8));
            }
            if (got && !isError.test(text) && !text.isBlank()) return seen.toByteArray(); // guest output: ours
            if (got) quietSince = System.nanoTime();
            if (System.nanoTime() - quietSince >= settle.toNanos()) return seen.toByteArray();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationTimeoutException(host, vm, line, "interrupted while attaching the console");
            }
        }
    }

    /** Reads what the refusing tool still prints (its exit may come before its last line). */
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
