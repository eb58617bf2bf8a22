package dev.virtdeck.xen;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code xl ...} (or {@code xm ...}) and the few file programs the driver needs on one host,
 * through {@code sudo -n} when the inventory says so. Success is the exit code; the error text is
 * what the tool printed on stderr.
 */
final class Xl {
    private static final Pattern OVERCOMMIT =
            Pattern.compile("You have (\\d+) physical CPUs and want (\\d+) vCPUs");

    private final String host;
    private final SshHost ssh;
    private final Toolstack tool;
    private final boolean sudo;

    Xl(String host, SshHost ssh, Toolstack tool, boolean sudo) {
        this.host = host;
        this.ssh = ssh;
        this.tool = tool;
        this.sudo = sudo;
    }

    String host() {
        return host;
    }

    SshHost ssh() {
        return ssh;
    }

    Toolstack tool() {
        return tool;
    }

    /** @return {@code xl ARGS...} as a remote command */
    RemoteCommand command(String... args) {
        List<String> argv = new ArrayList<>(List.of(tool.command()));
        argv.addAll(List.of(args));
        return RemoteCommand.of(argv).withSudo(sudo);
    }

    /** Runs xl whatever the exit code. */
    ExecResult run(String... args) {
        return ssh.exec(command(args));
    }

    /** Runs xl with its own timeout (create, shutdown -w). */
    ExecResult run(Duration timeout, String... args) {
        return ssh.exec(command(args), timeout);
    }

    /** Runs xl and requires exit 0; {@code vm} is named in errors. */
    ExecResult ok(String vm, String... args) {
        ExecResult r = run(args);
        if (!r.ok()) throw failure(vm, r);
        return r;
    }

    /** Runs another program (test, find, cat, truncate, rm, tee) with the same sudo rule. */
    ExecResult sh(String... argv) {
        return ssh.exec(RemoteCommand.of(argv).withSudo(sudo));
    }

    /** Runs another program and requires exit 0. */
    ExecResult shOk(String vm, String... argv) {
        ExecResult r = sh(argv);
        if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
        return r;
    }

    /**
     * Writes {@code content} to {@code path} with {@code tee PATH} fed on the channel's stdin, so
     * the content never appears in a command line.
     */
    ExecResult write(String vm, String path, String content, Duration timeout) {
        RemoteCommand cmd = RemoteCommand.of("tee", path).withSudo(sudo);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        try (RemoteProcess p = ssh.start(cmd, false)) {
            OutputStream in = p.stdin();
            in.write(content.getBytes(StandardCharsets.UTF_8));
            in.flush();
            in.close();
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
                    throw new OperationTimeoutException(host, vm, cmd.shellLine(),
                            "no answer within " + timeout.toSeconds() + " s");
                }
                if (!got) Thread.sleep(20);
            }
            Integer exit = p.exitStatus();
            ExecResult r = new ExecResult(cmd.shellLine(), exit == null ? -1 : exit,
                    out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    Duration.ofNanos(System.nanoTime() - start));
            if (!r.ok()) throw new CommandFailedException(host, vm, r.command(), r.exitCode(), "", r.stderr());
            return r;
        } catch (IOException e) {
            throw new CommandFailedException(host, vm, cmd.shellLine(), -1, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationTimeoutException(host, vm, cmd.shellLine(), "interrupted");
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
     * Maps a failed xl/xm run: unknown domain → {@link VmNotFoundException}; the limits Xen
     * enforces (memory above maxmem, vCPUs above the boot maximum or the physical CPUs) →
     * {@link InvalidRequestException} in plain words; anything else → {@link CommandFailedException}.
     */
    VirtdeckException failure(String vm, ExecResult r) {
        String why = XlParsers.errorText(r.stderr());
        if (isNotFound(why)) return new VmNotFoundException(host, vm, r.command(), "no such VM");
        if (why.contains("memory_dynamic_max must be less than or equal to memory_static_max")) {
            return new InvalidRequestException(host, vm, r.command(),
                    "memory above the domain's maximum (maxmem); Xen said: " + why);
        }
        Matcher m = OVERCOMMIT.matcher(why);
        if (m.find()) {
            return new InvalidRequestException(host, vm, r.command(), m.group(2)
                    + " vCPUs is more than the host's " + m.group(1)
                    + " physical CPUs, which Xen refuses (xl vcpu-set --ignore-host overrides it by hand)");
        }
        if (why.contains("however maxcpus is") || why.contains("greater than max vcpus")) {
            return new InvalidRequestException(host, vm, r.command(),
                    "vCPUs above the boot-time maximum (maxvcpus); Xen said: " + why);
        }
        return new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(), r.stderr());
    }

    /** xl's "NAME is an invalid domain identifier", xm's "Error: Domain 'NAME' does not exist." */
    static boolean isNotFound(String errorText) {
        return errorText.contains("is an invalid domain identifier")
                || errorText.contains("does not exist.") && errorText.contains("Domain '")
                || errorText.contains("Can't get domid of domain name");
    }
}
