package dev.virtdeck.term;

import dev.virtdeck.driver.ConsoleStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bridges a VM console and the local terminal: local input to the console (flushed per read),
 * console output to local output. Ctrl-] ({@code 0x1d}) typed locally ends the session and is not
 * sent. When local input ends (a script piped its keystrokes), the session lingers until the
 * console has been quiet for {@link #QUIET_MS} so the output of the last command is seen.
 */
public final class ConsoleSession {
    /** Ctrl-], the CLI's escape byte. */
    public static final int ESCAPE = 0x1d;
    static final long QUIET_MS = 1000;
    static final long MAX_LINGER_MS = 15_000;
    private static final Logger log = LoggerFactory.getLogger(ConsoleSession.class);

    /** Why the session ended. */
    public enum End { ESCAPE, REMOTE_CLOSED, LOCAL_EOF }

    private final ConsoleStream console;
    private final InputStream localIn;
    private final OutputStream localOut;
    private final int escape;
    private final CompletableFuture<End> end = new CompletableFuture<>();
    private final AtomicLong lastOutput = new AtomicLong(System.currentTimeMillis());

    /** A session that Ctrl-] ends. */
    public ConsoleSession(ConsoleStream console, InputStream localIn, OutputStream localOut) {
        this(console, localIn, localOut, ESCAPE);
    }

    /** @param escape the byte that ends the session (the TUI's configurable escape key) */
    public ConsoleSession(ConsoleStream console, InputStream localIn, OutputStream localOut, int escape) {
        this.console = console;
        this.localIn = localIn;
        this.localOut = localOut;
        this.escape = escape;
    }

    /** Pumps both directions until Ctrl-], the console closing, or local EOF; closes the console. */
    public End run() {
        Thread out = daemon("virtdeck-console-out", this::pumpOut);
        Thread in = daemon("virtdeck-console-in", this::pumpIn);
        out.start();
        in.start();
        try {
            return end.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return End.LOCAL_EOF;
        } catch (ExecutionException e) {
            return End.REMOTE_CLOSED;
        } finally {
            try {
                console.close();
            } catch (IOException e) {
                log.debug("closing the console failed", e);
            }
            // the reader of local input may stay blocked in read(): it is a daemon thread, the
            // process ends right after the session
        }
    }

    private void pumpOut() {
        byte[] buf = new byte[8192];
        try {
            InputStream remote = console.input();
            int n;
            while ((n = remote.read(buf)) != -1) {
                lastOutput.set(System.currentTimeMillis());
                localOut.write(buf, 0, n);
                localOut.flush();
            }
        } catch (IOException e) {
            if (!end.isDone()) log.debug("console output ended", e);
        }
        end.complete(End.REMOTE_CLOSED);
    }

    private void pumpIn() {
        byte[] buf = new byte[4096];
        try {
            OutputStream remote = console.output();
            int n;
            while (!end.isDone() && (n = localIn.read(buf)) != -1) {
                int esc = indexOf(buf, n, escape);
                int len = esc < 0 ? n : esc;
                if (len > 0) {
                    remote.write(buf, 0, len);
                    remote.flush();
                }
                if (esc >= 0) {
                    end.complete(End.ESCAPE);
                    return;
                }
            }
        } catch (IOException e) {
            if (!end.isDone()) log.debug("console input ended", e);
        }
        linger();
        end.complete(End.LOCAL_EOF);
    }

    /** Waits for the console to go quiet, so a script sees the answer to what it typed. */
    private void linger() {
        long deadline = System.currentTimeMillis() + MAX_LINGER_MS;
        while (!end.isDone() && System.currentTimeMillis() < deadline
                && System.currentTimeMillis() - lastOutput.get() < QUIET_MS) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int indexOf(byte[] buf, int n, int b) {
        for (int i = 0; i < n; i++) if ((buf[i] & 0xff) == b) return i;
        return -1;
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
