package dev.virtdeck.vbox;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.ssh.ExecResult;
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
import java.util.regex.Pattern;

/**
 * A VirtualBox VM's serial console: UART1 in server mode is a Unix socket on the host, and
 * {@code socat} (or {@code nc -U}) run there over SSH bridges it to our channel.
 *
 * <p>socat runs on a PTY (so the remote process gets SIGHUP when we go) with
 * {@code -,raw,echo=0}, so the PTY neither echoes nor line-buffers: the guest's tty does both. nc
 * cannot switch the PTY to raw mode without a shell line around it, so it runs without a PTY,
 * where bytes pass unchanged and closing the channel ends it.
 *
 * <p>A connected UART socket prints nothing until the guest writes, so attaching waits
 * {@link #SETTLE}: the tool exiting in that window is a refusal (missing or stale socket).
 */
final class VBoxConsole {
    static final Duration SETTLE = Duration.ofMillis(800);
    /** What socat takes in a filename without quoting rules of its own address syntax. */
    private static final Pattern SOCAT_SAFE = Pattern.compile("[A-Za-z0-9_./@%+=~ -]+");
    private static final Logger LOG = LoggerFactory.getLogger(VBoxConsole.class);

    private VBoxConsole() {
    }

    /**
     * @param info the VM's showvminfo (for the UART and the state)
     * @throws InvalidRequestException no UART in server mode, VM not running, socket refused
     * @throws NotSupportedException   neither socat nor nc on the host
     */
    static ConsoleStream open(SshHost ssh, String host, String vm, MachineInfo info) {
        String path = info.uartServerPath();
        if (path == null) {
            throw new InvalidRequestException(host, vm, null, "the VM has no UART in server mode (uart1="
                    + info.get("uart1") + "); while it is powered off: VBoxManage modifyvm VM --uart1 0x3F8 4"
                    + " --uartmode1 server /path/to/socket");
        }
        if (!info.hasProcess()) {
            throw new InvalidRequestException(host, vm, null, "the VM is not running (" + info.state()
                    + "); its UART socket exists only while it runs");
        }
        boolean safe = SOCAT_SAFE.matcher(path).matches();
        boolean socat = has(ssh, "socat");
        RemoteCommand cmd;
        boolean pty;
        if (socat && safe) {
            cmd = RemoteCommand.of("socat", "-,raw,echo=0", "UNIX-CONNECT:" + path);
            pty = true;
        } else if (has(ssh, "nc")) {
            cmd = RemoteCommand.of("nc", "-U", path);
            pty = false;
        } else if (socat) {
            throw new InvalidRequestException(host, vm, null, "the UART socket path " + path
                    + " has characters socat's address syntax would split, and nc is not installed");
        } else {
            throw Operation.CONSOLE.unsupported(host, vm, "neither socat nor nc is installed on "
                    + host + "; install socat there to reach the VM's UART socket " + path);
        }
        RemoteProcess p = ssh.start(cmd, pty);
        try {
            byte[] leftover = settle(p, host, vm, cmd.shellLine(), path);
            return new ProcessConsole(p, leftover, cmd.shellLine(), null);
        } catch (RuntimeException e) {
            ProcessConsole.closeQuietly(p);
            throw e;
        }
    }

    /** {@code command -v TOOL}: prints the path when the tool is on the PATH. */
    static boolean has(SshHost ssh, String tool) {
        ExecResult r = ssh.exec(RemoteCommand.of("command", "-v", tool));
        return r.ok() && !r.stdout().isBlank();
    }

    /** Waits out {@link #SETTLE}; returns early with guest bytes, throws if the tool ended. */
    private static byte[] settle(RemoteProcess p, String host, String vm, String command, String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + SETTLE.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                boolean got = RemoteProcess.copyAvailable(p, out, err);
                String text = out.toString(StandardCharsets.UTF_8);
                boolean looksLikeError = text.contains(" socat[") || text.startsWith("nc: ") || err.size() > 0;
                if (ended(p)) {
                    drain(p, out, err);
                    throw refusal(host, vm, command, path, p.exitStatus(), out.toString(StandardCharsets.UTF_8)
                            + err.toString(StandardCharsets.UTF_8));
                }
                if (got && !looksLikeError) return out.toByteArray(); // the guest spoke: attached
                if (!got) Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new CommandFailedException(host, vm, command, -1, out.toString(StandardCharsets.UTF_8), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationTimeoutException(host, vm, command, "interrupted while attaching the console");
        }
        return out.toByteArray();
    }

    /** Maps what socat/nc printed when they could not connect (texts in sim/README, Debian 12). */
    static RuntimeException refusal(String host, String vm, String command, String path, Integer exit, String text) {
        String t = text.strip();
        if (t.contains("No such file or directory")) {
            return new InvalidRequestException(host, vm, command, "the UART socket " + path
                    + " does not exist on the host (is the VM running with this UART?): " + t);
        }
        if (t.contains("Connection refused")) {
            return new InvalidRequestException(host, vm, command, "nothing listens on the UART socket " + path
                    + " (stale socket: is the VM running?): " + t);
        }
        if (exit != null && exit == 0) {
            return new InvalidRequestException(host, vm, command, "the console closed right after attaching"
                    + (t.isEmpty() ? "" : ": " + t));
        }
        return new CommandFailedException(host, vm, command, exit == null ? -1 : exit, text, t);
    }

    private static boolean ended(RemoteProcess p) {
        return p.exitStatus() != null || !p.isOpen();
    }

    private static void drain(RemoteProcess p, ByteArrayOutputStream out, ByteArrayOutputStream err)
            throws IOException, InterruptedException {
        long until = System.nanoTime() + Duration.ofMillis(200).toNanos();
        while (System.nanoTime() < until) {
            if (!RemoteProcess.copyAvailable(p, out, err)) Thread.sleep(20);
        }
    }
}
