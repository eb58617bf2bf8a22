package dev.virtdeck.ssh;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.OpenFailException;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.connection.channel.direct.PTYMode;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static dev.virtdeck.error.Durations.seconds;

/**
 * {@link SshHost} on one sshj connection. Every command is its own session channel; sshd
 * multiplexes them (MaxSessions). When opening a channel fails because the connection has
 * dropped, the connection is re-established once and the channel opened again; a command that
 * was already sent is never re-sent.
 */
final class SshjHost implements SshHost {
    private static final Logger LOG = LoggerFactory.getLogger(SshjHost.class);

    private static final Duration IDLE_REFUSAL_RETRY = Duration.ofSeconds(5);

    private final SshTarget target;
    private final SshPool pool;
    private volatile SSHClient client;
    private volatile boolean closed;
    /** Session channels we hold open (guarded by this). */
    private int openChannels;

    SshjHost(SshTarget target, SshPool pool, SSHClient client) {
        this.target = target;
        this.pool = pool;
        this.client = client;
    }

    @Override
    public String name() {
        return target.name();
    }

    SshTarget target() {
        return target;
    }

    /** @return the current sshj client (tests, and jump tunnels) */
    SSHClient client() {
        return client;
    }

    @Override
    public Duration commandTimeout() {
        return SshConnector.commandTimeout(target);
    }

    @Override
    public boolean connected() {
        SSHClient c = client;
        return !closed && c.isConnected() && c.getTransport().isRunning();
    }

    @Override
    public ExecResult exec(RemoteCommand command) {
        return exec(command, commandTimeout());
    }

    @Override
    public ExecResult exec(RemoteCommand command, Duration timeout) {
        String line = command.shellLine();
        pool.trace().call(name(), line);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Session session = openSession(line, deadline);
        boolean abandoned = false;
        try {
            Session.Command cmd = session.exec(line);
            CompletableFuture<byte[]> out = pool.drain(ChannelStreams.input(cmd.getInputStream()));
            CompletableFuture<byte[]> err = pool.drain(ChannelStreams.input(cmd.getErrorStream()));
            try {
                CompletableFuture.allOf(out, err).get(remaining(deadline), TimeUnit.NANOSECONDS);
                cmd.join(Math.max(1, remaining(deadline)), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                abandoned = true;
                throw timedOut(cmd, line, timeout);
            } catch (ConnectionException e) {
                if (!isTimeout(e)) throw e;
                abandoned = true;
                throw timedOut(cmd, line, timeout);
            }
            int exit = exitCode(cmd);
            if (exit == -1 && cmd.getExitSignal() == null && !client.isConnected()) {
                throw new HostUnreachableException(name(), null, line, "connection to " + target.hostname() + ":"
                        + target.port() + " was lost while `" + line + "` ran");
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            LOG.debug("{}: `{}` exited {} in {} ms", name(), line, exit, took.toMillis());
            return new ExecResult(line, exit, utf8(out.get()), utf8(err.get()), took);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
            throw new OperationTimeoutException(name(), null, line, "interrupted while running `" + line + "`", e);
        } catch (ExecutionException e) {
            throw lost(line, e.getCause());
        } catch (IOException e) {
            throw lost(line, e);
        } finally {
            // sshd answers our close only once the command has exited: don't wait for a
            // command we gave up on (the channel is released when sshd finally confirms).
            if (abandoned) pool.background(() -> release(session));
            else release(session);
        }
    }

    @Override
    public RemoteProcess start(RemoteCommand command, boolean pty) {
        String line = command.shellLine();
        pool.trace().call(name(), line);
        Session session = openSession(line, System.nanoTime() + SshConnector.connectTimeout(target).toNanos());
        try {
            if (pty) session.allocatePTY("xterm", 80, 24, 0, 0, rawModes());
            Session.Command cmd = session.exec(line);
            LOG.debug("{}: started `{}`{}", name(), line, pty ? " on a pty" : "");
            return new SshjProcess(line, session, cmd, () -> pool.background(() -> release(session)));
        } catch (IOException e) {
            release(session);
            throw lost(line, e);
        }
    }

    @Override
    public StreamChannel openStreamLocal(String socketPath) {
        String what = "streamlocal " + socketPath;
        pool.trace().call(name(), what);
        try {
            DirectStreamLocal ch = withReconnect(what, c -> {
                DirectStreamLocal d = new DirectStreamLocal(c.getConnection(), socketPath);
                d.open();
                return d;
            });
            LOG.debug("{}: opened {} channel to {}", name(), DirectStreamLocal.TYPE, socketPath);
            return new SshjStreamChannel(ch, "unix:" + socketPath, () -> pool.background(() -> closeChannelQuietly(ch)));
        } catch (HostUnreachableException e) {
            if (e.getCause() instanceof OpenFailException f) {
                throw CommandFailedException.ofCall(name(), null, what, "open failed: the SSH server of " + name()
                        + " refused a " + DirectStreamLocal.TYPE + " channel to " + socketPath + " ("
                        + f.getReason() + (f.getMessage() == null ? "" : ": " + f.getMessage())
                        + "); the socket may be missing, not accessible to " + target.user()
                        + ", or forwarding disabled (AllowStreamLocalForwarding)", f);
            }
            throw e;
        }
    }

    private static void closeChannelQuietly(net.schmizz.sshj.connection.channel.Channel ch) {
        try {
            ch.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing channel: {}", e.toString());
        }
    }

    /** A tunnel to {@code host:port} from this host (ProxyJump); reconnects once like channels. */
    DirectConnection openTunnel(String host, int port) {
        return withReconnect("tunnel to " + host + ":" + port, c -> c.newDirectConnection(host, port));
    }

    /**
     * Opens a session channel. sshd refuses channels beyond its MaxSessions (10 by default):
     * then we wait for one of ours to close and try again, so
     * callers may run more commands at once than a host allows.
     */
    private Session openSession(String line, long deadline) {
        long idleRefusalsUntil = 0; // when refusals with none of ours open stop being retried
        while (true) {
            try {
                Session s = withReconnect(line, SSHClient::startSession);
                synchronized (this) {
                    openChannels++;
                }
                return s;
            } catch (HostUnreachableException e) {
                if (!isRefusedSession(e.getCause())) throw e;
                // With none of ours open, sshd may still be freeing closed sessions, or the refusal
                // is not our doing at all: retry for a few seconds only.
                boolean idle;
                synchronized (this) {
                    idle = openChannels == 0;
                }
                if (idle) {
                    if (idleRefusalsUntil == 0) idleRefusalsUntil = System.nanoTime() + IDLE_REFUSAL_RETRY.toNanos();
                    else if (System.nanoTime() > idleRefusalsUntil) throw e;
                }
                if (!awaitChannelClose(deadline)) throw e;
                LOG.debug("{}: session channel refused (MaxSessions?), retrying", name());
            }
        }
    }

    /** OpenSSH refuses a session beyond MaxSessions with "open failed" (CONNECT_FAILED in 9.x). */
    private static boolean isRefusedSession(Throwable t) {
        return t instanceof OpenFailException f && (f.getReason() == OpenFailException.Reason.ADMINISTRATIVELY_PROHIBITED
                || f.getReason() == OpenFailException.Reason.CONNECT_FAILED);
    }

    /** Waits until one of our channels closes (at most 200 ms); @return false past the deadline */
    private synchronized boolean awaitChannelClose(long deadline) {
        long left = remaining(deadline);
        if (left == 0) return false;
        try {
            wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    private void release(Session session) {
        closeQuietly(session);
        synchronized (this) {
            openChannels--;
            notifyAll();
        }
    }

    private interface ChannelOpener<T> {
        T open(SSHClient c) throws IOException;
    }

    private <T> T withReconnect(String what, ChannelOpener<T> opener) {
        if (closed) throw new HostUnreachableException(name(), null, what, "connection already closed");
        SSHClient c = client;
        try {
            return opener.open(c);
        } catch (IOException | IllegalStateException first) {
            if (c.isConnected() && c.isAuthenticated()) throw lost(what, first);
            LOG.debug("{}: connection lost ({}), reconnecting once", name(), first.toString());
            SSHClient fresh = reconnect(c);
            try {
                return opener.open(fresh);
            } catch (IOException | IllegalStateException second) {
                throw lost(what, second);
            }
        }
    }

    /** Replaces a dead client; threads racing here share one new connection. */
    private synchronized SSHClient reconnect(SSHClient dead) {
        if (client != dead && client.isConnected()) return client;
        SshConnector.closeQuietly(dead);
        if (closed) throw new HostUnreachableException(name(), null, null, "connection already closed");
        client = pool.dial(target);
        return client;
    }

    private VirtdeckException lost(String what, Throwable e) {
        if (e instanceof VirtdeckException v) return v;
        if (e instanceof java.io.UncheckedIOException u) e = u.getCause();
        if (e instanceof Exception x && isTimeout(x) && client.isConnected()) {
            // connected, but the host did not confirm the channel: black-holed (hung, SIGSTOPped)
            return new OperationTimeoutException(name(), null, what, "`" + what + "` got no answer within "
                    + seconds(Duration.ofMillis(client.getConnection().getTimeoutMs())) + " on "
                    + name() + ": the SSH connection did not open a channel for it", e);
        }
        return new HostUnreachableException(name(), null, what, "connection to " + target.hostname() + ":"
                + target.port() + " failed: " + e.getMessage(), e);
    }

    private OperationTimeoutException timedOut(Session.Command cmd, String line, Duration timeout) {
        kill(cmd);
        return new OperationTimeoutException(name(), null, line, "`" + line + "` did not finish within "
                + seconds(timeout) + " on " + name() + "; its channel was closed");
    }

    private static boolean isTimeout(Exception e) {
        if (e instanceof TimeoutException) return true;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) return true;
        }
        return false;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /**
     * Best effort: SIGKILL the remote command with a "signal" request. OpenSSH refuses it for
     * root logins without privilege separation; the caller closes the channel either way.
     */
    private void kill(Session.Command cmd) {
        try {
            cmd.signal(Signal.KILL);
        } catch (IOException | RuntimeException e) {
            LOG.debug("{}: signal KILL: {}", name(), e.toString());
        }
    }

    static int exitCode(Session.Command cmd) {
        Integer status = cmd.getExitStatus();
        if (status != null) return status;
        Signal sig = cmd.getExitSignal();
        if (sig == null) return -1;
        return switch (sig) {
            case HUP -> 129;
            case INT -> 130;
            case QUIT -> 131;
            case ILL -> 132;
            case ABRT -> 134;
            case FPE -> 136;
            case KILL -> 137;
            case USR1 -> 138;
            case SEGV -> 139;
            case USR2 -> 140;
            case PIPE -> 141;
            case ALRM -> 142;
            case TERM -> 143;
            default -> -1;
        };
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A raw terminal: no echo, no line editing, no signals or CR/LF mapping (the program decides). */
    static Map<PTYMode, Integer> rawModes() {
        Map<PTYMode, Integer> m = new EnumMap<>(PTYMode.class);
        for (PTYMode mode : new PTYMode[]{PTYMode.ECHO, PTYMode.ICANON, PTYMode.ISIG, PTYMode.IEXTEN,
                PTYMode.ICRNL, PTYMode.IXON, PTYMode.OPOST}) {
            m.put(mode, 0);
        }
        m.put(PTYMode.CS8, 1);
        return m;
    }

    static void closeQuietly(Session session) {
        try {
            session.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing session: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        pool.forget(this);
        SshConnector.closeQuietly(client);
    }

    @Override
    public String toString() {
        return "SshHost[" + name() + " " + target.user() + "@" + target.hostname() + ":" + target.port() + "]";
    }
}
