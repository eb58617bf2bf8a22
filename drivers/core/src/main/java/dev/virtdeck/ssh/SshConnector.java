package dev.virtdeck.ssh;

import dev.virtdeck.error.AuthFailedException;
import dev.virtdeck.error.HostKeyRejectedException;
import dev.virtdeck.error.HostUnreachableException;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.connection.channel.direct.DirectConnection;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.transport.kex.KeyExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.virtdeck.error.Durations.seconds;

/**
 * Opens one authenticated sshj connection for a target: TCP (or a tunnel through a jump host),
 * host key check, login. The target's connect timeout bounds all of it: a watchdog kills the
 * attempt at the deadline, so a host that accepts TCP but never speaks SSH cannot hang us.
 * Every failure becomes a typed exception naming the inventory host.
 */
final class SshConnector {
    private static final Logger LOG = LoggerFactory.getLogger(SshConnector.class);
    static final int KEEPALIVE_SECONDS = 15;
    /** Transport timeout once logged in (rekeying, service requests). */
    private static final int TRANSPORT_TIMEOUT_MS = 30_000;

    private static final DefaultConfig CONFIG = config();

    private final Prompter prompter;
    private final Path agentSocket;
    private final ScheduledExecutorService timer;

    SshConnector(Prompter prompter, Path agentSocket, ScheduledExecutorService timer) {
        this.prompter = prompter;
        this.agentSocket = agentSocket;
        this.timer = timer;
    }

    /** sshj defaults, but curve25519-sha256 first (cheaper than the post-quantum default) and
     *  keepalive@openssh.com requests that detect a dead peer (not mere SSH_MSG_IGNORE). */
    private static DefaultConfig config() {
        DefaultConfig c = new DefaultConfig();
        List<Factory.Named<KeyExchange>> kex = new ArrayList<>(c.getKeyExchangeFactories());
        List<Factory.Named<KeyExchange>> first = new ArrayList<>();
        for (String name : List.of("curve25519-sha256", "curve25519-sha256@libssh.org")) {
            kex.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(first::add);
        }
        kex.removeAll(first);
        first.addAll(kex);
        c.setKeyExchangeFactories(first);
        c.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        return c;
    }

    /**
     * @param via a connected jump host to tunnel through, or null for a direct TCP connection
     * @return a connected, authenticated client
     */
    SSHClient connect(SshTarget t, SshjHost via) {
        Duration timeout = connectTimeout(t);
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        SSHClient client = new SSHClient(CONFIG);
        client.setConnectTimeout(ms);
        client.setSocketFactory(NoDelaySocketFactory.INSTANCE);
        client.getTransport().setTimeoutMs(ms);
        client.getConnection().getKeepAlive().setKeepAliveInterval(KEEPALIVE_SECONDS);
        HostKeyCheck keys = new HostKeyCheck(t);
        client.addHostKeyVerifier(keys);

        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> watchdog = timer.schedule(() -> {
            expired.set(true);
            LOG.debug("{}: connect deadline of {} ms passed, aborting", t.name(), ms);
            closeSocket(client);
            try {
                client.getTransport().die(new TransportException("connect timeout"));
            } catch (RuntimeException e) {
                LOG.debug("{}: aborting transport: {}", t.name(), e.toString());
            }
        }, ms, TimeUnit.MILLISECONDS);
        long start = System.nanoTime();
        boolean authenticating = false;
        try {
            if (via == null) {
                client.connect(t.hostname(), t.port());
            } else {
                DirectConnection tunnel = via.openTunnel(t.hostname(), t.port());
                client.connectVia(tunnel);
            }
            authenticating = true;
            new Authenticator(t, prompter, agentSocket).authenticate(client);
            watchdog.cancel(false);
            if (expired.get()) throw new TransportException("connect timeout");
            client.getTransport().setTimeoutMs(TRANSPORT_TIMEOUT_MS);
            // Opening a channel waits for the host's confirmation: a black-holed host must fail
            // the command within its command timeout, not sshj's 30 s default.
            client.getConnection().setTimeoutMs(channelOpenTimeoutMs(t));
            LOG.debug("{}: connected to {}:{}{} in {} ms", t.name(), t.hostname(), t.port(),
                    via == null ? "" : " via " + via.name(), (System.nanoTime() - start) / 1_000_000);
            return client;
        } catch (IOException | RuntimeException e) {
            watchdog.cancel(false);
            closeQuietly(client);
            if (authenticating && !expired.get() && e instanceof TransportException) {
                throw new AuthFailedException(t.name(), null, null, "authentication failed for " + t.user() + "@"
                        + t.hostname() + ":" + t.port() + ": the server closed the connection (" + e.getMessage()
                        + "; too many keys offered?)", e);
            }
            throw map(t, via, e, expired.get(), keys.rejection(), timeout);
        }
    }

    private static RuntimeException map(SshTarget t, SshjHost via, Exception e, boolean expired,
                                        String keyRejection, Duration timeout) {
        if (keyRejection != null) return new HostKeyRejectedException(t.name(), null, null, keyRejection, e);
        String where = "cannot connect to " + t.hostname() + ":" + t.port() + (via == null ? "" : " via " + via.name());
        if (expired) {
            return new HostUnreachableException(t.name(), null, null, where + ": timed out after "
                    + seconds(timeout) + " (no SSH handshake and login in time)", e);
        }
        if (e instanceof AuthFailedException a) return a;
        if (e instanceof HostUnreachableException h) return h; // the jump host itself
        if (e instanceof HostKeyRejectedException k) return k;
        String reason;
        if (e instanceof UnknownHostException) reason = "unknown host";
        else if (e instanceof ConnectException) reason = "connection refused";
        else if (e instanceof NoRouteToHostException) reason = "no route to host";
        else if (e instanceof SocketTimeoutException) reason = "timed out after " + seconds(timeout);
        else if (e instanceof SocketException) reason = e.getMessage();
        else reason = "SSH handshake failed: " + e.getMessage();
        return new HostUnreachableException(t.name(), null, null, where + ": " + reason, e);
    }

    /** @return how long a channel open may wait: the command timeout, at most the transport's */
    static int channelOpenTimeoutMs(SshTarget t) {
        return (int) Math.min(TRANSPORT_TIMEOUT_MS, Math.max(1, commandTimeout(t).toMillis()));
    }

    static Duration connectTimeout(SshTarget t) {
        return t.connectTimeout() == null ? SshTarget.DEFAULT_CONNECT_TIMEOUT : t.connectTimeout();
    }

    static Duration commandTimeout(SshTarget t) {
        return t.commandTimeout() == null ? SshTarget.DEFAULT_COMMAND_TIMEOUT : t.commandTimeout();
    }

    private static void closeSocket(SSHClient client) {
        Socket s = client.getSocket();
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // the attempt fails anyway
        }
    }

    static void closeQuietly(SSHClient client) {
        try {
            client.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing ssh client: {}", e.toString());
        }
    }

    /** Plain sockets with TCP_NODELAY: small request/response exchanges must not wait for Nagle. */
    static final class NoDelaySocketFactory extends SocketFactory {
        static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

        @Override
        public Socket createSocket() throws SocketException {
            return noDelay(new Socket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(new Socket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return noDelay(new Socket(host, port, local, localPort));
        }

        private static Socket noDelay(Socket s) throws SocketException {
            s.setTcpNoDelay(true);
            return s;
        }
    }
}
