package dev.virtdeck.ssh;

import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.SessionChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A remote command on its own session channel. stdin is sshj's channel stream: writes are
 * buffered until {@code flush()} (cheap, safe after every write); {@code close()} on it sends EOF.
 */
final class SshjProcess implements RemoteProcess {
    private static final Logger LOG = LoggerFactory.getLogger(SshjProcess.class);

    private final String command;
    private final Session session;
    private final Session.Command cmd;

    private final InputStream stdout;
    private final InputStream stderr;

    private final Runnable onClose;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    SshjProcess(String command, Session session, Session.Command cmd, Runnable onClose) {
        this.onClose = onClose;
        this.command = command;
        this.session = session;
        this.cmd = cmd;
        this.stdout = ChannelStreams.input(cmd.getInputStream());
        this.stderr = ChannelStreams.input(cmd.getErrorStream());
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    @Override
    public InputStream stderr() {
        return stderr;
    }

    @Override
    public OutputStream stdin() {
        return cmd.getOutputStream();
    }

    @Override
    public Integer exitStatus() {
        Integer status = cmd.getExitStatus();
        if (status != null || cmd.getExitSignal() == null) return status;
        return SshjHost.exitCode(cmd);
    }

    @Override
    public boolean isOpen() {
        return session.isOpen();
    }

    @Override
    public String command() {
        return command;
    }

    @Override
    public void resize(int columns, int rows) {
        if (!(session instanceof SessionChannel sc) || !session.isOpen()) return;
        try {
            sc.changeWindowDimensions(columns, rows, 0, 0);
        } catch (IOException e) {
            LOG.debug("window-change for `{}`: {}", command, e.toString());
        }
    }

    /**
     * Sends EOF on stdin and closes the channel without waiting: sshd confirms the close only
     * once the remote command exits (at once for a pty, which hangs it up). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            cmd.getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("EOF for `{}`: {}", command, e.toString());
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "RemoteProcess[" + command + "]";
    }
}
