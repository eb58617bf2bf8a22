package dev.virtdeck.libvirt;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The native libvirt API over a host's SSH connection: runs {@code virt-ssh-helper URI} on the
 * host and bridges its stdin/stdout to a private local Unix-domain socket, which the local libvirt
 * client library then connects to ({@code qemu+unix:///system?socket=PATH}).
 *
 * <pre>
 *   libvirt.so  ⇄  unix socket (0700 temp dir)  ⇄  pump threads  ⇄  sshj channel  ⇄  virt-ssh-helper  ⇄  libvirtd
 * </pre>
 *
 * <p>The pumps use {@link SocketChannel#read}/{@link SocketChannel#write} directly: the streams of
 * {@code java.nio.channels.Channels} share one lock per channel and stall when one thread reads
 * while the other writes. Every write to the SSH channel is flushed, because sshj buffers.
 */
public final class VirtSshHelperBridge implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(VirtSshHelperBridge.class);
    private static final int BUFFER = 64 * 1024;
    private static final int STDERR_LINES = 20;

    private final String host;
    private final RemoteProcess process;
    private final Path dir;
    private final Path socket;
    private final ServerSocketChannel server;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final RpcCounter rpcs = new RpcCounter();
    private volatile SocketChannel client;
    private volatile TunnelConnect connect;
    private volatile boolean closed;
    private volatile boolean aborted;

    private VirtSshHelperBridge(String host, RemoteProcess process, Path dir, Path socket, ServerSocketChannel server) {
        this.host = host;
        this.process = process;
        this.dir = dir;
        this.socket = socket;
        this.server = server;
    }

    /**
     * Starts virt-ssh-helper on the host and opens a libvirt connection through it.
     *
     * @param uri  the libvirt URI on the host, e.g. {@code qemu:///system}
     * @param sudo run virt-ssh-helper through {@code sudo -n}
     * @throws CommandFailedException   when virt-ssh-helper cannot run or libvirt refuses the connection
     * @throws HostUnreachableException for SSH failures (from {@code ssh})
     */
    public static VirtSshHelperBridge open(SshHost ssh, String host, String uri, boolean sudo) {
        RemoteCommand cmd = RemoteCommand.of("virt-ssh-helper", uri).withSudo(sudo);
        String localUri = localUri(uri, null);
        Path dir;
        ServerSocketChannel server;
        Path socket;
        try {
            dir = Files.createTempDirectory("virtdeck-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            socket = dir.resolve("libvirt.sock");
            // safety net for a JVM that exits without close(); reverse order: socket, then dir
            dir.toFile().deleteOnExit();
            socket.toFile().deleteOnExit();
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            localUri = localUri(uri, socket);
        } catch (IOException e) {
            throw new CommandFailedException(host, null, localUri, -1, "", "cannot create local socket: " + e);
        }
        RemoteProcess proc;
        long t0 = System.nanoTime();
        try {
            proc = ssh.start(cmd, false);
        } catch (RuntimeException e) {
            closeQuietly(server);
            deleteQuietly(socket, dir);
            throw e;
        }
        long t1 = System.nanoTime();
        VirtSshHelperBridge b = new VirtSshHelperBridge(host, proc, dir, socket, server);
        b.startThreads();
        try {
            b.connect = new TunnelConnect(localUri);
            LOG.debug("{}: libvirt connected through {} (channel {} ms, virConnectOpen {} ms)", host,
                    cmd.shellLine(), (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
            return b;
        } catch (LibvirtException | RuntimeException e) {
            String why = e instanceof LibvirtException le && le.getError() != null
                    ? le.getError().getMessage() : String.valueOf(e.getMessage());
            // before closing: the helper's stderr and exit status come in after libvirt saw EOF
            String suffix = b.stderrSuffix();
            int exit = b.exitStatusOr(-1);
            b.close();
            throw new CommandFailedException(host, null, cmd.shellLine(), exit, "", why + suffix);
        }
    }

    /**
     * Maps the host's URI to the local URI: same driver and path, unix transport, our socket.
     * {@code qemu:///system} → {@code qemu+unix:///system?socket=/tmp/virtdeck-x/libvirt.sock}.
     */
    static String localUri(String remoteUri, Path socket) {
        String driver = "qemu";
        String path = "/system";
        try {
            URI u = new URI(remoteUri);
            if (u.getScheme() != null) driver = u.getScheme().split("\\+", 2)[0];
            if (u.getPath() != null && !u.getPath().isEmpty()) path = u.getPath();
        } catch (URISyntaxException e) {
            // keep the defaults: libvirt will report a bad remote URI itself through the helper
        }
        return driver + "+unix://" + path + (socket != null ? "?socket=" + socket : "");
    }

    /** @return the libvirt connection (thread-safe, like libvirt's own virConnectPtr) */
    TunnelConnect connect() {
        return connect;
    }

    /** @return libvirt RPC messages the client has sent through this bridge (keepalives excluded) */
    long rpcMessages() {
        return rpcs.messages();
    }

    /** @return the remote command that carries the connection */
    public String command() {
        return process.command();
    }

    private void startThreads() {
        daemon("accept", this::acceptAndPump);
        daemon("stderr", this::drainStderr);
    }

    private void acceptAndPump() {
        try {
            SocketChannel c = server.accept();
            client = c;
            // one libvirt connection per helper: no further clients, and the name can go now
            closeQuietly(server);
            deleteQuietly(socket, null);
            daemon("up", () -> socketToChannel(c));
            channelToSocket(c);
        } catch (IOException e) {
            if (!closed) LOG.debug("{}: bridge accept failed", host, e);
        }
    }

    /** libvirt client → virt-ssh-helper's stdin. */
    private void socketToChannel(SocketChannel c) {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        OutputStream stdin = process.stdin();
        try {
            while (c.read(buf) >= 0) {
                rpcs.feed(buf.array(), 0, buf.position());
                stdin.write(buf.array(), 0, buf.position());
                stdin.flush();
                buf.clear();
            }
            stdin.close();
        } catch (IOException e) {
            if (!closed) LOG.debug("{}: bridge upstream ended", host, e);
        }
    }

    /** virt-ssh-helper's stdout → libvirt client; EOF from the host closes the client's input. */
    private void channelToSocket(SocketChannel c) {
        byte[] buf = new byte[BUFFER];
        InputStream stdout = process.stdout();
        try {
            int n;
            while ((n = stdout.read(buf)) >= 0) {
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                while (bb.hasRemaining()) c.write(bb);
            }
            c.shutdownOutput();
        } catch (IOException e) {
            if (!closed) LOG.debug("{}: bridge downstream ended", host, e);
            closeQuietly(c);
        }
    }

    private void drainStderr() {
        try (InputStream err = process.stderr()) {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = err.read()) >= 0) {
                if (b == '\n') {
                    recordStderr(line.toString());
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
            if (line.length() > 0) recordStderr(line.toString());
        } catch (IOException e) {
            LOG.trace("{}: helper stderr ended", host, e);
        }
    }

    private void recordStderr(String line) {
        String l = new String(line.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).strip();
        if (l.isEmpty()) return;
        LOG.debug("{}: virt-ssh-helper: {}", host, l);
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_LINES) stderrTail.removeFirst();
            stderrTail.addLast(l);
        }
    }

    private String stderrSuffix() {
        // give the remote side a moment to report why it ended (command not found, sudo, ...)
        for (int i = 0; i < 20 && process.isOpen(); i++) sleep(25);
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : " (virt-ssh-helper: " + String.join(" | ", stderrTail) + ")";
        }
    }

    private int exitStatusOr(int fallback) {
        Integer s = process.exitStatus();
        return s != null ? s : fallback;
    }

    private void daemon(String role, Runnable body) {
        Thread t = new Thread(body, "virtdeck-libvirt-" + host + "-" + role);
        t.setDaemon(true);
        t.start();
    }

    /**
     * @return false once the helper has ended (libvirtd went away, the SSH connection dropped) or
     *         the bridge was aborted or closed: its libvirt connection can no longer answer
     */
    boolean alive() {
        return !closed && !aborted && process.isOpen();
    }

    /**
     * Cuts the tunnel under the libvirt connection (local socket and SSH channel), so a call
     * blocked on it fails now instead of waiting for an answer that will not come. The
     * libvirt connection object itself is released by {@link #close()}.
     */
    void abort() {
        if (aborted || closed) return;
        aborted = true;
        closeQuietly(client);
        closeQuietly(process);
    }

    /** Closes the libvirt connection, the socket, the SSH channel, and removes the temp dir. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        TunnelConnect c = connect;
        if (c != null) {
            try {
                c.close();
            } catch (LibvirtException e) {
                LOG.debug("{}: closing libvirt connection", host, e);
            }
        }
        closeQuietly(client);
        closeQuietly(server);
        closeQuietly(process);
        deleteQuietly(socket, dir);
    }

    private static void closeQuietly(Closeable c) {
        if (c == null) return;
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            LOG.trace("close", e);
        }
    }

    private static void deleteQuietly(Path file, Path dir) {
        try {
            if (file != null) Files.deleteIfExists(file);
            if (dir != null) Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("cannot delete {}", dir != null ? dir : file, e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
