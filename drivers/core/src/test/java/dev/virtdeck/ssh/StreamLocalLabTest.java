package dev.virtdeck.ssh;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.testlab.LabSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SshHost#openStreamLocal} against a real OpenSSH sshd of the lab ({@link LabSshd}: the lab's
 * login and key, this test's own port, {@code AllowStreamLocalForwarding yes} as OpenSSH defaults):
 * it runs on this machine, so a UNIX socket this test serves is the "host's" socket. The lab login
 * is uid 0, as a XAPI dom0 login must be (its socket is root-only).
 */
@Tag("lab")
@Timeout(60)
class StreamLocalLabTest {
    @TempDir
    Path tmp;
    LabEnv lab;
    SshPool pool;
    final List<String> traced = new CopyOnWriteArrayList<>();
    ExecutorService server;
    ServerSocketChannel listener;
    LabSshd sshd;
    SshTarget target;

    @BeforeEach
    void setUp() throws Exception {
        lab = LabEnv.require();
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("sshd"));
        sshd = LabSshd.start(dir, lab);
        SshTarget t = lab.target("lab1", "127.0.0.1", sshd.port());
        target = new SshTarget(t.name(), t.hostname(), t.port(), t.user(), t.identityFiles(), sshd.knownHosts(),
                false, null, t.connectTimeout(), t.commandTimeout());
        pool = new SshPool((host, call) -> traced.add(host + " " + call), Prompter.NONE, null);
        server = Executors.newCachedThreadPool();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (pool != null) pool.close();
        if (sshd != null) sshd.close();
        if (listener != null) listener.close();
        server.shutdownNow();
    }

    /** Serves a socket that answers each byte of a connection with that byte + 1, until EOF, then closes. */
    private Path serve(String name) throws IOException {
        Path sock = tmp.resolve(name);
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(sock));
        server.submit(() -> {
            while (listener.isOpen()) {
                SocketChannel c = listener.accept();
                server.submit(() -> {
                    try (c) {
                        ByteBuffer buf = ByteBuffer.allocate(8192);
                        while (c.read(buf) >= 0) {
                            buf.flip();
                            for (int i = buf.position(); i < buf.limit(); i++) buf.put(i, (byte) (buf.get(i) + 1));
                            while (buf.hasRemaining()) c.write(buf);
                            buf.clear();
                        }
                    }
                    return null;
                });
            }
            return null;
        });
        return sock;
    }

    @Test
    void bytesRoundTripThroughTheSocketAndEofEndsTheStream() throws Exception {
        Path sock = serve("echo.sock");
        SshHost h = pool.connect(target);
        try (StreamChannel ch = h.openStreamLocal(sock.toString())) {
            assertEquals("unix:" + sock, ch.target());
            assertTrue(ch.isOpen());
            byte[] msg = new byte[100_000]; // several SSH packets and window adjustments
            for (int i = 0; i < msg.length; i++) msg[i] = (byte) i;
            OutputStream out = ch.output();
            out.write(msg);
            out.flush();
            byte[] back = ch.input().readNBytes(msg.length);
            for (int i = 0; i < msg.length; i++) msg[i] = (byte) (msg[i] + 1);
            assertArrayEquals(msg, back);
            out.close(); // EOF to the socket: the server closes its end
            assertEquals(-1, ch.input().read());
        }
        assertTrue(traced.contains("lab1 streamlocal " + sock), traced.toString());
        assertEquals("ok\n", h.exec(RemoteCommand.of("echo", "ok")).stdout(), "the connection still serves commands");
    }

    @Test
    void severalChannelsAtOnceOnOneConnection() throws Exception {
        Path sock = serve("many.sock");
        SshHost h = pool.connect(target);
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String word = "abc" + i;
                fs.add(ex.submit(() -> {
                    try (StreamChannel ch = h.openStreamLocal(sock.toString())) {
                        ch.output().write(word.getBytes(StandardCharsets.US_ASCII));
                        ch.output().flush();
                        return new String(ch.input().readNBytes(word.length()), StandardCharsets.US_ASCII);
                    }
                }));
            }
            for (int i = 0; i < 8; i++) assertEquals("bcd" + (char) ('0' + i + 1), fs.get(i).get());
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void aMissingSocketIsAnOpenFailureNamingHostAndSocket() {
        SshHost h = pool.connect(target);
        String missing = tmp.resolve("no-such.sock").toString();
        CommandFailedException e = assertThrows(CommandFailedException.class, () -> h.openStreamLocal(missing));
        assertEquals("lab1", e.host());
        assertEquals("streamlocal " + missing, e.command());
        assertTrue(e.getMessage().contains("open failed") && e.getMessage().contains(missing), e.getMessage());
        assertTrue(e.getMessage().startsWith("lab1: "), e.getMessage());
        assertEquals("ok\n", h.exec(RemoteCommand.of("echo", "ok")).stdout(), "the connection survives a refused channel");
    }

    @Test
    void closingTheChannelClosesTheServersConnection() throws Exception {
        Path sock = serve("close.sock");
        SshHost h = pool.connect(target);
        StreamChannel ch = h.openStreamLocal(sock.toString());
        ch.output().write('a');
        ch.output().flush();
        assertEquals('b', ch.input().read());
        ch.close();
        ch.close(); // idempotent
        assertFalse(ch.isOpen());
        InputStream in = ch.input();
        assertEquals(-1, in.read(), "the stream ends once the channel is closed");
    }
}
