package dev.virtdeck.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public port of a simulated host: a loopback TCP relay in front of the embedded SSH server. Owning the
 * socket makes the connection-level knobs exact: "refuse" closes the listening socket (the client gets
 * ECONNREFUSED), "hang" accepts and then never sends a byte (no SSH banner).
 */
final class TcpFront implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpFront.class);

    private final SimHost host;
    private final int backendPort;
    private final ExecutorService pool;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private ServerSocket listener;
    private int port;
    private volatile boolean closed;

    TcpFront(SimHost host, int backendPort) throws IOException {
        this.host = host;
        this.backendPort = backendPort;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sim-tcp-" + host.hostname());
            t.setDaemon(true);
            return t;
        });
        if (!host.refuseConnections()) {
            listen(0);
        } else {
            // reserve a port number, then release it: refusing from the start
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
        }
        host.onRefuseChange(this::refuse);
    }

    int port() {
        return port;
    }

    private void listen(int wanted) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
        synchronized (lock) {
            listener = ss;
            port = ss.getLocalPort();
        }
        pool.execute(() -> acceptLoop(ss));
    }

    private void refuse(boolean on) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            try {
                if (on && listener != null) {
                    listener.close();
                    listener = null;
                } else if (!on && listener == null) {
                    listen(port);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rebind simulated host port " + port, e);
            }
        }
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            Socket client;
            try {
                client = ss.accept();
            } catch (IOException e) {
                return; // listener closed (refuse knob or shutdown)
            }
            open.add(client);
            if (host.hangOnConnect()) {
                LOG.debug("{}: holding connection without a banner", host.hostname());
                continue; // keep it open, silent, until close()
            }
            pool.execute(() -> relay(client));
        }
    }

    private void relay(Socket client) {
        try {
            Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
            open.add(backend);
            client.setTcpNoDelay(true);
            backend.setTcpNoDelay(true);
            pool.execute(() -> copy(client, backend));
            copy(backend, client);
        } catch (IOException e) {
            LOG.debug("{}: relay failed: {}", host.hostname(), e.getMessage());
            closeQuietly(client);
        }
    }

    private void copy(Socket from, Socket to) {
        byte[] buf = new byte[16384];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
        } finally {
            open.remove(from);
            closeQuietly(from);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
        open.forEach(TcpFront::closeQuietly);
        pool.shutdownNow();
    }
}
