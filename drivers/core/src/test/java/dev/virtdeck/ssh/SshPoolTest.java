package dev.virtdeck.ssh;

import dev.virtdeck.error.HostUnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection failures that need no SSH server: refused, silent, stopped, unknown, loops. */
@Timeout(60)
class SshPoolTest {
    @TempDir
    Path tmp;
    final SshPool pool = new SshPool(null, Prompter.NONE, null);

    @AfterEach
    void close() {
        pool.close();
    }

    private SshTarget target(String name, String host, int port, Duration connectTimeout, SshTarget jump) {
        return new SshTarget(name, host, port, "root", List.of(), tmp.resolve("known_hosts"), false, jump,
                connectTimeout, null);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void refusedPortFailsFastAsUnreachable() throws Exception {
        int port = closedPort();
        long t0 = System.nanoTime();
        HostUnreachableException e = assertThrows(HostUnreachableException.class,
                () -> pool.connect(target("down", "127.0.0.1", port, Duration.ofSeconds(10), null)));
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000);
        assertEquals("down", e.host());
        assertEquals("down: cannot connect to 127.0.0.1:" + port + ": connection refused", e.getMessage());
    }

    @Test
    void unknownHostNameIsUnreachable() {
        HostUnreachableException e = assertThrows(HostUnreachableException.class,
                () -> pool.connect(target("ghost", "no-such-host.invalid", 22, Duration.ofSeconds(5), null)));
        assertEquals("ghost: cannot connect to no-such-host.invalid:22: unknown host", e.getMessage());
    }

    @Test
    void silentListenerFailsWithinTheConnectTimeout() throws Exception {
        // The kernel completes the TCP handshake (listen backlog) but nobody ever speaks SSH.
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            long t0 = System.nanoTime();
            HostUnreachableException e = assertThrows(HostUnreachableException.class,
                    () -> pool.connect(target("mute", "127.0.0.1", silent.getLocalPort(), Duration.ofSeconds(2), null)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1900 && ms < 5000, "took " + ms + " ms");
            assertTrue(e.getMessage().startsWith("mute: cannot connect to 127.0.0.1:" + silent.getLocalPort()
                    + ": timed out after 2 s"), e.getMessage());
        }
    }

    @Test
    void sigstoppedListenerFailsWithinTheConnectTimeout() throws Exception {
        Path script = tmp.resolve("listen.py");
        Files.writeString(script, "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(5)\n"
                + "print(s.getsockname()[1],flush=True)\nc,_=s.accept()\ntime.sleep(600)\n");
        Process py = new ProcessBuilder("python3", script.toString()).start();
        try {
            String first = new String(py.getInputStream().readNBytes(6)).strip().split("\\s+")[0];
            int port = Integer.parseInt(first);
            assertEquals(0, new ProcessBuilder("kill", "-STOP", Long.toString(py.pid())).start().waitFor());
            long t0 = System.nanoTime();
            assertThrows(HostUnreachableException.class,
                    () -> pool.connect(target("stopped", "127.0.0.1", port, Duration.ofSeconds(2), null)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 5000, "took " + ms + " ms");
        } finally {
            py.destroyForcibly();
        }
    }

    @Test
    void jumpHostFailureIsReportedForTheTargetHost() throws Exception {
        int port = closedPort();
        SshTarget jump = target("bastion", "127.0.0.1", port, Duration.ofSeconds(5), null);
        HostUnreachableException e = assertThrows(HostUnreachableException.class,
                () -> pool.connect(target("inner", "10.0.0.9", 22, Duration.ofSeconds(5), jump)));
        assertEquals("inner", e.host());
        assertTrue(e.getMessage().contains("through jump host bastion: cannot connect to 127.0.0.1:" + port), e.getMessage());
    }

    @Test
    void proxyJumpLoopIsRefused() {
        SshTarget a = target("a", "127.0.0.1", 1, null, null);
        SshTarget loop = target("a", "127.0.0.1", 1, null, target("b", "127.0.0.2", 1, null, a));
        HostUnreachableException e = assertThrows(HostUnreachableException.class, () -> pool.connect(loop));
        assertTrue(e.getMessage().contains("ProxyJump loop: a -> b -> a"), e.getMessage());
    }

    @Test
    void failedConnectIsNotCached() throws Exception {
        int port = closedPort();
        SshTarget t = target("down", "127.0.0.1", port, Duration.ofSeconds(5), null);
        assertThrows(HostUnreachableException.class, () -> pool.connect(t));
        HostUnreachableException again = assertThrows(HostUnreachableException.class, () -> pool.connect(t));
        assertTrue(again.getMessage().contains("connection refused"));
    }

    @Test
    void defaultsFillWhatIsMissing() {
        SshTarget t = SshPool.withDefaults(new SshTarget("h", "h.example", 0, null, null, null, false, null, null, null));
        assertEquals(22, t.port());
        assertEquals(System.getProperty("user.name"), t.user());
        assertEquals(SshTarget.DEFAULT_CONNECT_TIMEOUT, t.connectTimeout());
        assertEquals(SshTarget.DEFAULT_COMMAND_TIMEOUT, t.commandTimeout());
        assertTrue(t.knownHosts().endsWith(".ssh/known_hosts"));
        assertEquals(3, t.identityFiles().size());
    }
}
