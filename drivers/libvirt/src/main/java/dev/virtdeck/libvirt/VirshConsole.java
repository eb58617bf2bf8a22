package dev.virtdeck.libvirt;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.driver.ProcessConsole;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A guest's serial console through {@code virsh console} on a remote PTY (virsh refuses to run a
 * console without a terminal, and switches that terminal to raw mode itself).
 *
 * <p>virsh prints its banner ("Escape character is ^]") BEFORE it asks libvirtd for the console,
 * so a busy console shows the banner and then "error: ... Active console session exists". After
 * the banner we therefore wait: guest output proves the console is ours at once, an
 * {@code error:} line or virsh exiting means refusal, and {@link #SETTLE} of silence is taken as
 * success. The trade-off: every attach to a quiet guest costs up to {@link #SETTLE}, and a refusal
 * slower than that (a very loaded host) would surface as the stream ending right after attach.
 */
public final class VirshConsole {
    /** Silence after the banner after which the console counts as attached. */
    public static final Duration SETTLE = Duration.ofMillis(1500);
    /** How long virsh may take to connect and print its banner. */
    public static final Duration BANNER_TIMEOUT = Duration.ofSeconds(30);
    /** virsh's escape character (Ctrl-]): sent on close so virsh detaches cleanly. */
    public static final int ESCAPE = 0x1d;

    static final String BANNER = "Escape character is";
    static final String BUSY_MESSAGE = "console is busy (another session holds it); use --force to take it over";

    private static final Logger LOG = LoggerFactory.getLogger(VirshConsole.class);
    private static final long POLL_MS = 20;

    private VirshConsole() {
    }

    /**
     * Attaches to {@code vm}'s console.
     *
     * @param force take over a console another client holds ({@code virsh console --force})
     * @return the attached stream; closing it detaches (the VM keeps running)
     * @throws InvalidRequestException the console is busy, or the VM is not running
     * @throws VmNotFoundException     no such VM
     * @throws CommandFailedException  virsh failed otherwise
     */
    public static ConsoleStream open(SshHost ssh, boolean sudo, String uri, String host, String vm, boolean force) {
        RemoteCommand cmd = command(uri, vm, force).withSudo(sudo);
        RemoteProcess p = ssh.start(cmd, true);
        try {
            byte[] leftover = new Handshake(p, host, vm, cmd.shellLine()).await();
            return new ProcessConsole(p, leftover, cmd.shellLine(), ESCAPE);
        } catch (RuntimeException e) {
            ProcessConsole.closeQuietly(p);
            throw e;
        }
    }

    /** @return {@code virsh -c URI console [--force] --domain NAME} */
    public static RemoteCommand command(String uri, String vm, boolean force) {
        List<String> argv = new ArrayList<>(List.of("virsh", "-c", uri, "console"));
        if (force) argv.add("--force");
        argv.add("--domain");
        argv.add(vm);
        return RemoteCommand.of(argv);
    }

    /**
     * Maps what virsh printed (PTY: stdout and stderr merged) when it refused the console.
     *
     * @return the exception to throw
     */
    static RuntimeException refusal(String host, String vm, String command, Integer exit, String transcript) {
        String error = errorText(transcript);
        if (error.contains("Active console session exists")) {
            return new InvalidRequestException(host, vm, command, BUSY_MESSAGE);
        }
        if (error.contains("failed to get domain") || error.contains("Domain not found")) {
            return new VmNotFoundException(host, vm, command, "no such VM");
        }
        if (error.contains("domain is not running")) {
            return new InvalidRequestException(host, vm, command, "the VM is not running; start it first");
        }
        return new CommandFailedException(host, vm, command, exit == null ? -1 : exit, transcript, error);
    }

    /** @return the {@code error:} lines of a transcript, or the whole transcript when there are none */
    static String errorText(String transcript) {
        StringBuilder sb = new StringBuilder();
        for (String line : transcript.split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("error:")) sb.append(sb.length() > 0 ? "\n" : "").append(l);
        }
        return sb.length() > 0 ? sb.toString() : transcript.strip();
    }

    /** Reads virsh's output up to the banner and through the settle window. */
    private static final class Handshake {
        private final RemoteProcess p;
        private final String host;
        private final String vm;
        private final String command;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Handshake(RemoteProcess p, String host, String vm, String command) {
            this.p = p;
            this.host = host;
            this.vm = vm;
            this.command = command;
        }

        /** @return bytes read after the banner line (guest output) to hand to the caller */
        byte[] await() {
            long bannerDeadline = System.nanoTime() + BANNER_TIMEOUT.toNanos();
            int afterBanner = -1;
            long quietSince = 0;
            while (true) {
                boolean got = pump();
                String text = seen.toString(StandardCharsets.UTF_8);
                if (afterBanner < 0) {
                    int b = text.indexOf(BANNER);
                    int eol = b < 0 ? -1 : text.indexOf('\n', b);
                    if (eol >= 0) {
                        afterBanner = byteOffset(text, eol + 1);
                        quietSince = System.nanoTime();
                        LOG.debug("{}: {}: console banner seen, settling", host, vm);
                    } else if (hasErrorLine(text) || ended()) {
                        throw fail();
                    } else if (System.nanoTime() > bannerDeadline) {
                        throw new OperationTimeoutException(host, vm, command,
                                "no console banner within " + BANNER_TIMEOUT.toSeconds() + " s: " + text.strip());
                    }
                } else {
                    byte[] all = seen.toByteArray();
                    String rest = new String(all, afterBanner, all.length - afterBanner, StandardCharsets.UTF_8).stripLeading();
                    if (rest.startsWith("error:")) {
                        if (rest.contains("\n") || ended()) throw fail();
                    } else if (rest.length() >= "error:".length()) {
                        return tail(all, afterBanner); // guest output: the console is ours
                    } else if (ended()) {
                        throw fail();
                    }
                    if (got) quietSince = System.nanoTime();
                    if (System.nanoTime() - quietSince >= SETTLE.toNanos()) return tail(all, afterBanner);
                }
                if (!got) sleep();
            }
        }

        private RuntimeException fail() {
            drainBriefly();
            return refusal(host, vm, command, p.exitStatus(), seen.toString(StandardCharsets.UTF_8));
        }

        /** Reads whatever is available on stdout and stderr without blocking. */
        private boolean pump() {
            try {
                return RemoteProcess.copyAvailable(p, seen, seen);
            } catch (IOException e) {
                throw new CommandFailedException(host, vm, command, -1, seen.toString(StandardCharsets.UTF_8),
                        e.toString());
            }
        }

        /** After an error, the rest of virsh's message may still be in flight. */
        private void drainBriefly() {
            long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < until) {
                if (!pump()) {
                    if (ended()) {
                        pump();
                        return;
                    }
                    sleep();
                }
            }
        }

        private boolean ended() {
            return p.exitStatus() != null || !p.isOpen();
        }

        private void sleep() {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationTimeoutException(host, vm, command, "interrupted while attaching the console");
            }
        }

        private static boolean hasErrorLine(String text) {
            for (String line : text.split("\r?\n", -1)) {
                if (line.strip().startsWith("error:")) return true;
            }
            return false;
        }

        private static int byteOffset(String text, int charIndex) {
            return text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
        }

        private static byte[] tail(byte[] all, int from) {
            byte[] out = new byte[all.length - from];
            System.arraycopy(all, from, out, 0, out.length);
            return out;
        }
    }
}
