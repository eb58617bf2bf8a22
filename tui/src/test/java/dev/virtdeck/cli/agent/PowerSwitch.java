package dev.virtdeck.cli.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay in front of a simulated host that counts the connections it accepts and
 * can take the host "down" (listener closed, every open connection cut, as a reboot does) and
 * bring it back on the same port.
 */
final class PowerSwitch implements AutoCloseable {
    private final int backend;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile ServerSocket listener;

    PowerSwitch(int backend) throws IOException {
        this.backend = backend;
        this.port = listen(0);
    }

    int port() {
        return port;
    }

    /** @return TCP connections accepted so far (each one a new SSH connection) */
    int accepted() {
        return accepted.get();
    }

    synchronized void down() throws IOException {
        if (listener != null) listener.close();
        listener = null;
        for (Socket s : open) s.close();
        open.clear();
    }

    synchronized void up() throws IOException {
        if (listener == null) listen(port);
    }

    private int listen(int wanted) throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted));
        listener = ss;
        Thread t = new Thread(() -> accept(ss), "switch-accept");
        t.setDaemon(true);
        t.start();
        return ss.getLocalPort();
    }

    private void accept(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                Socket client = ss.accept();
                accepted.incrementAndGet();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), backend);
                open.add(client);
                open.add(server);
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // either side closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }, "switch-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        down();
    }
}
