package dev.virtdeck.term;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local terminal in raw mode (no line editing, no echo, no signals) for the console, restored
 * exactly (the saved {@code stty -g} settings) on close and, should the JVM be killed, by a
 * shutdown hook. Uses the {@code stty} program on {@code /dev/tty}: Java has no termios API.
 */
public final class RawTerminal implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RawTerminal.class);

    private final String saved;
    private final Thread hook;
    private boolean restored;

    private RawTerminal(String saved) {
        this.saved = saved;
        this.hook = new Thread(() -> stty(saved), "virtdeck-restore-tty");
    }

    /**
     * Saves the terminal's settings and switches it to raw mode.
     *
     * @throws IllegalStateException when the settings cannot be read or changed
     */
    public static RawTerminal enter() {
        String saved = stty("-g");
        if (saved == null || saved.isBlank()) throw new IllegalStateException("cannot read the terminal settings (stty -g)");
        RawTerminal t = new RawTerminal(saved);
        Runtime.getRuntime().addShutdownHook(t.hook);
        if (stty("raw", "-echo") == null) {
            t.close();
            throw new IllegalStateException("cannot switch the terminal to raw mode (stty raw -echo)");
        }
        return t;
    }

    /** Restores the saved settings. Idempotent. */
    @Override
    public synchronized void close() {
        if (restored) return;
        restored = true;
        if (stty(saved) == null) log.warn("restoring the terminal settings failed");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook restores the terminal (again, harmlessly)
        }
    }

    /** @return true when this process's stdin is a terminal */
    public static boolean stdinIsTerminal() {
        return isTerminal(0);
    }

    /** @return true when this process's stdout is a terminal ({@code top} redraws only then) */
    public static boolean stdoutIsTerminal() {
        return isTerminal(1);
    }

    /** @return true when this process's stderr is a terminal (progress lines go there only then) */
    public static boolean stderrIsTerminal() {
        return isTerminal(2);
    }

    /**
     * Reads where the descriptor points in /proc (no process started: this runs on every CLI
     * call); where /proc is missing, asks {@code test -t FD} with the descriptor inherited (only
     * 0 can be passed to a child, so other descriptors answer false there).
     */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            return isTerminalPath(Files.readSymbolicLink(link).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return fd == 0 && testT0();
        }
    }

    /** @return whether a /proc/self/fd link target names a terminal device */
    static boolean isTerminalPath(String target) {
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
    }

    private static boolean testT0() {
        try {
            Process p = new ProcessBuilder("test", "-t", "0")
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code stty ARGS} on /dev/tty; @return its stdout (trimmed), or null when it failed */
    public static String stty(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("stty");
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            log.debug("stty {} failed", args, e);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
