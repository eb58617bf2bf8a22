package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code virsh -c URI ...} on one host and turns failures into the error family. Success is
 * the exit code; the error text is what virsh printed on stderr.
 */
final class Virsh {
    private final String host;
    private final SshHost ssh;
    private final String uri;
    private final boolean sudo;

    Virsh(String host, SshHost ssh, String uri, boolean sudo) {
        this.host = host;
        this.ssh = ssh;
        this.uri = uri;
        this.sudo = sudo;
    }

    String host() {
        return host;
    }

    SshHost ssh() {
        return ssh;
    }

    String uri() {
        return uri;
    }

    boolean sudo() {
        return sudo;
    }

    /** @return {@code virsh -c URI ARGS...} (with {@code sudo -n} when the host needs it) */
    RemoteCommand command(List<String> args) {
        List<String> argv = new ArrayList<>(List.of("virsh", "-c", uri));
        argv.addAll(args);
        return RemoteCommand.of(argv).withSudo(sudo);
    }

    /** Runs and returns the result whatever the exit code. */
    ExecResult run(String... args) {
        return ssh.exec(command(List.of(args)));
    }

    /**
     * Runs and requires exit 0.
     *
     * @param vm the VM concerned (for errors), or null
     * @throws VirtdeckException mapped by {@link #failure}
     */
    ExecResult ok(String vm, String... args) {
        ExecResult r = run(args);
        if (!r.ok()) throw failure(host, vm, r);
        return r;
    }

    /**
     * Runs with {@code input} on stdin (virsh define /dev/stdin): no temporary file on the host,
     * nothing to clean up, and the XML never appears in a command line.
     */
    ExecResult runWithInput(Duration timeout, byte[] input, String... args) {
        RemoteCommand cmd = command(List.of(args));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (RemoteProcess p = ssh.start(cmd, false)) {
            OutputStream in = p.stdin();
            in.write(input);
            in.flush();
            in.close(); // EOF: virsh stops reading /dev/stdin
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            while (true) {
                boolean got = copy(p.stdout(), out) | copy(p.stderr(), err);
                if (p.exitStatus() != null || !p.isOpen()) {
                    copy(p.stdout(), out);
                    copy(p.stderr(), err);
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new OperationTimeoutException(host, null, cmd.shellLine(),
                            "no answer within " + timeout.toSeconds() + " s");
                }
                if (!got) Thread.sleep(20);
            }
            Integer exit = p.exitStatus();
            return new ExecResult(cmd.shellLine(), exit == null ? -1 : exit, out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            throw new CommandFailedException(host, null, cmd.shellLine(), -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationTimeoutException(host, null, cmd.shellLine(), "interrupted");
        }
    }

    private static boolean copy(InputStream in, ByteArrayOutputStream to) throws IOException {
        int n = in.available();
        if (n <= 0) return false;
        byte[] buf = new byte[Math.max(n, 1024)];
        int r = in.read(buf, 0, Math.min(buf.length, n));
        if (r > 0) to.write(buf, 0, r);
        return r > 0;
    }

    /**
     * Maps a failed virsh run: unknown domain → {@link VmNotFoundException}; libvirt's
     * "invalid argument" and "Requested operation is not valid" (beyond a maximum, wrong state)
     * → {@link InvalidRequestException} with libvirt's words; anything else →
     * {@link CommandFailedException} with the full command, exit code and output.
     */
    static VirtdeckException failure(String host, String vm, ExecResult r) {
        String why = VirshParsers.errorText(r.stderr());
        if (isNotFound(why)) return new VmNotFoundException(host, vm, r.command(), "no such VM");
        if (why.contains("invalid argument") || why.contains("Requested operation is not valid")
                || why.contains("Operation not supported")) {
            return new InvalidRequestException(host, vm, r.command(), why);
        }
        return new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
    }

    static boolean isNotFound(String errorText) {
        return errorText.contains("failed to get domain") || errorText.contains("Domain not found")
                || errorText.contains("no domain with matching");
    }
}
