package dev.virtdeck.bench;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A loopback TCP proxy that adds latency: every chunk read from one side is written to the other
 * {@code delayMs} after it was read, in order, each way, so a round trip costs {@code 2 * delayMs}
 * more (what netem's delay does, for a kernel without netem). Bandwidth is not limited: chunks
 * in flight overlap. Loopback only: it listens on 127.0.0.1 and refuses non-loopback targets.
 */
public final class LatencyProxy implements Closeable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long delayNanos;
    private volatile boolean closed;

    public LatencyProxy(String targetHost, int targetPort, long delayMs) throws IOException {
        InetAddress addr = InetAddress.getByName(targetHost);
        if (!addr.isLoopbackAddress()) throw new IllegalArgumentException("loopback targets only: " + targetHost);
        this.target = new InetSocketAddress(addr, targetPort);
        this.delayNanos = delayMs * 1_000_000L;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("accept", this::accept);
    }

    /** @return the local port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket down = server.accept();
                Socket up = new Socket();
                up.connect(target);
                down.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                pipe(down, up);
                pipe(up, down);
            } catch (IOException e) {
                if (!closed) System.err.println("latency proxy: " + e);
            }
        }
    }

    private record Chunk(long due, byte[] data) {
    }

    private static final Chunk EOF = new Chunk(0, null);

    /** from → (held delayMs) → to. */
    private void pipe(Socket from, Socket to) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        daemon("read", () -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
            } catch (IOException e) {
                // the other side closed
            }
            queue.add(EOF);
        });
        daemon("write", () -> {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Chunk c = queue.take();
                    if (c == EOF) break;
                    long wait = c.due() - System.nanoTime();
                    if (wait > 0) Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
                    out.write(c.data());
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException | InterruptedException e) {
                closeQuietly(to);
            }
        });
    }

    private static void daemon(String role, Runnable r) {
        Thread t = new Thread(r, "latency-proxy-" + role);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
    }
}
