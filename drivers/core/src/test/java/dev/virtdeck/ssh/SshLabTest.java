package dev.virtdeck.ssh;

import dev.virtdeck.error.AuthFailedException;
import dev.virtdeck.error.HostKeyRejectedException;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SSH layer against the lab's real sshd instances (lab/setup.sh). */
@Tag("lab")
@Timeout(120)
class SshLabTest {
    LabEnv lab;
    SshPool pool;
    final List<String> traced = new CopyOnWriteArrayList<>();
    @TempDir
    Path tmp;

    @BeforeEach
    void setUp() {
        lab = LabEnv.require();
        pool = new SshPool((host, call) -> traced.add(host + " " + call), Prompter.NONE, null);
    }

    @AfterEach
    void tearDown() {
        if (pool != null) pool.close();
    }

    private static SshTarget with(SshTarget t, Path knownHosts, boolean acceptNew) {
        return new SshTarget(t.name(), t.hostname(), t.port(), t.user(), t.identityFiles(), knownHosts, acceptNew,
                t.jump(), t.connectTimeout(), t.commandTimeout());
    }

    private static SshTarget withKeys(SshTarget t, List<Path> keys) {
        return new SshTarget(t.name(), t.hostname(), t.port(), t.user(), keys, t.knownHosts(), t.acceptNew(),
                t.jump(), t.connectTimeout(), t.commandTimeout());
    }

    private static SshTarget withConnectTimeout(SshTarget t, String name, int port, Duration timeout) {
        return new SshTarget(name, t.hostname(), port, t.user(), t.identityFiles(), t.knownHosts(), t.acceptNew(),
                t.jump(), timeout, t.commandTimeout());
    }

    /** @return the lab's recorded host key blob for lab1 */
    private byte[] lab1HostKey() throws Exception {
        String token = KnownHosts.hostToken(lab.host(), lab.port());
        for (String line : Files.readAllLines(lab.knownHosts())) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[0].equals(token)) return Base64.getDecoder().decode(f[2]);
        }
        throw new AssertionError("no " + token + " in " + lab.knownHosts());
    }

    @Test
    void execReturnsOutputsExitCodeAndDuration() {
        SshHost h = pool.connect(lab.target1());
        ExecResult r = h.exec(RemoteCommand.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertEquals(3, r.exitCode());
        assertFalse(r.ok());
        assertEquals("out\n", r.stdout());
        assertEquals("err\n", r.stderr());
        assertTrue(r.duration().toNanos() > 0);
        assertEquals("LC_ALL=C sh -c 'echo out; echo err >&2; exit 3'", r.command());
        assertTrue(traced.contains("lab1 " + r.command()), traced.toString());

        ExecResult echo = h.exec(RemoteCommand.of("echo", "a b", "$(touch /tmp/virtdeck-canary)", "it's"));
        assertTrue(echo.ok());
        assertEquals("a b $(touch /tmp/virtdeck-canary) it's\n", echo.stdout());
        assertEquals("C\n", h.exec(RemoteCommand.of("sh", "-c", "echo $LC_ALL")).stdout());
    }

    @Test
    void connectIsCachedAndSharedByConcurrentCallers() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try {
            List<Future<SshHost>> fs = new ArrayList<>();
            for (int i = 0; i < 8; i++) fs.add(ex.submit(() -> pool.connect(lab.target1())));
            Set<SshHost> distinct = new HashSet<>();
            for (Future<SshHost> f : fs) distinct.add(f.get());
            assertEquals(1, distinct.size());
            assertSame(distinct.iterator().next(), pool.connect(lab.target1()));
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void fiftyConcurrentExecsShareOneConnection() throws Exception {
        SshHost h = pool.connect(lab.target1());
        ExecutorService ex = Executors.newFixedThreadPool(50);
        try {
            List<Future<ExecResult>> fs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String n = Integer.toString(i);
                Callable<ExecResult> c = () -> h.exec(RemoteCommand.of("sh", "-c", "sleep 0.2; echo \"$1 $SSH_CONNECTION\"", "sh", n));
                fs.add(ex.submit(c));
            }
            Set<String> connections = new HashSet<>();
            for (int i = 0; i < 50; i++) {
                ExecResult r = fs.get(i).get();
                assertTrue(r.ok(), r.toString());
                String[] f = r.stdout().strip().split(" ", 2);
                assertEquals(Integer.toString(i), f[0]);
                connections.add(f[1]);
            }
            assertEquals(1, connections.size(), "all channels on one TCP connection: " + connections);
        } finally {
            ex.shutdownNow();
        }
    }

    @Test
    void bigStdoutAndStderrAreDrainedTogether() {
        SshHost h = pool.connect(lab.target1());
        // 3 MB on stderr first: reading stdout alone would stall on a full stderr window.
        ExecResult r = h.exec(RemoteCommand.of("sh", "-c",
                "head -c 3000000 /dev/zero | tr '\\0' e >&2; head -c 5242880 /dev/zero | tr '\\0' x"), Duration.ofSeconds(60));
        assertTrue(r.ok(), r.stderr().length() + " " + r.exitCode());
        assertEquals(5242880, r.stdout().length());
        assertEquals(3000000, r.stderr().length());
        assertTrue(r.stdout().chars().allMatch(c -> c == 'x'));
    }

    @Test
    void timeoutClosesTheChannelAndTheHostStillWorks() {
        SshHost h = pool.connect(lab.target1());
        long t0 = System.nanoTime();
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                () -> h.exec(RemoteCommand.of("sleep", "37.25"), Duration.ofSeconds(1)));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 1000 && ms < 10_000, "took " + ms + " ms");
        assertEquals("lab1", e.host());
        assertEquals("LC_ALL=C sleep 37.25", e.command());
        assertTrue(e.getMessage().contains("lab1") && e.getMessage().contains("sleep 37.25"), e.getMessage());
        assertEquals("ok\n", h.exec(RemoteCommand.of("echo", "ok")).stdout());
        // No assertion that the remote sleep died: we send SIGKILL as a "signal" request, but
        // OpenSSH refuses signals for root logins ("session signalling requires privilege
        // separation"), and the lab logs in as root. The channel is closed either way.
    }

    @Test
    void startedProcessEchoesStdinThroughCat() throws Exception {
        SshHost h = pool.connect(lab.target1());
        try (RemoteProcess p = h.start(RemoteCommand.of("cat"), false)) {
            assertEquals("LC_ALL=C cat", p.command());
            OutputStream in = p.stdin();
            InputStream out = p.stdout();
            byte[] msg = "hello\0\377binary\n".getBytes(StandardCharsets.ISO_8859_1);
            in.write(msg);
            in.flush();
            assertEquals(new String(msg, StandardCharsets.ISO_8859_1),
                    new String(out.readNBytes(msg.length), StandardCharsets.ISO_8859_1));
            in.write("again".getBytes());
            in.flush();
            assertEquals("again", new String(out.readNBytes(5)));
            assertTrue(p.isOpen());
            in.close(); // EOF: cat exits
            assertEquals(-1, out.read());
            for (int i = 0; i < 100 && p.exitStatus() == null; i++) Thread.sleep(20);
            assertEquals(0, p.exitStatus());
        }
    }

    @Test
    void startWithPtyGetsATerminal() throws Exception {
        SshHost h = pool.connect(lab.target1());
        try (RemoteProcess p = h.start(RemoteCommand.of("sh", "-c", "tty; stty size"), true)) {
            String out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("/dev/pts/"), out);
            assertTrue(out.contains("24 80"), out);
        }
    }

    @Test
    void unknownHostKeyRefusedWithFingerprintThenAcceptedWithAcceptNew() throws Exception {
        Path kh = tmp.resolve("sub/known_hosts");
        String fp = KnownHosts.fingerprint(lab1HostKey());
        HostKeyRejectedException e = assertThrows(HostKeyRejectedException.class,
                () -> pool.connect(with(lab.target1(), kh, false)));
        assertEquals("lab1", e.host());
        assertTrue(e.getMessage().contains("ssh-ed25519 " + fp), e.getMessage());
        assertTrue(e.getMessage().contains("--accept-new"), e.getMessage());
        assertFalse(Files.exists(kh));

        assertEquals("ok\n", pool.connect(with(lab.target1(), kh, true)).exec(RemoteCommand.of("echo", "ok")).stdout());
        List<String> lines = Files.readAllLines(kh);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).startsWith("[" + lab.host() + "]:" + lab.port() + " ssh-ed25519 "), lines.get(0));

        try (SshPool again = new SshPool(null, Prompter.NONE, null)) {
            assertEquals("ok\n", again.connect(with(lab.target1(), kh, false)).exec(RemoteCommand.of("echo", "ok")).stdout());
        }
        assertEquals(1, Files.readAllLines(kh).size(), "a known key is not appended again");
    }

    @Test
    void changedHostKeyRefusedEvenWithAcceptNew() throws Exception {
        Path other = KeyTool.generate(tmp, "other", "ed25519", "");
        Path kh = tmp.resolve("known_hosts");
        Files.writeString(kh, "# old entry below\n[" + lab.host() + "]:" + lab.port() + " " + KeyTool.publicLine(other) + "\n");
        String before = Files.readString(kh);
        HostKeyRejectedException e = assertThrows(HostKeyRejectedException.class,
                () -> pool.connect(with(lab.target1(), kh, true)));
        String m = e.getMessage();
        assertTrue(m.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"), m);
        assertTrue(m.contains(kh + ":2"), m);
        assertTrue(m.contains(KnownHosts.fingerprint(lab1HostKey())), m);
        assertEquals(before, Files.readString(kh), "known_hosts untouched");
    }

    @Test
    void hashedKnownHostsEntryIsAccepted() throws Exception {
        Path kh = tmp.resolve("known_hosts");
        Files.copy(lab.knownHosts(), kh);
        KeyTool.run(List.of("ssh-keygen", "-H", "-f", kh.toString()));
        assertFalse(Files.readString(kh).contains(lab.host() + "]"), "hashed");
        assertEquals("ok\n", pool.connect(with(lab.target1(), kh, false)).exec(RemoteCommand.of("echo", "ok")).stdout());
    }

    @Test
    void unauthorizedKeyFailsAuthNamingHostAndMethods() throws Exception {
        Path stranger = KeyTool.generate(tmp, "stranger", "ed25519", "");
        AuthFailedException e = assertThrows(AuthFailedException.class,
                () -> pool.connect(withKeys(lab.target1(), List.of(stranger))));
        assertEquals("lab1", e.host());
        assertTrue(e.getMessage().contains(lab.user() + "@" + lab.host() + ":" + lab.port()), e.getMessage());
        assertTrue(e.getMessage().contains("key " + stranger), e.getMessage());
    }

    @Test
    void encryptedKeyWithoutTerminalFailsClearlyAndWorksWithPassphrase() throws Exception {
        Path enc = tmp.resolve("enc_key");
        Files.copy(lab.key(), enc);
        Files.setPosixFilePermissions(enc, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        KeyTool.run(List.of("ssh-keygen", "-p", "-q", "-N", "s3cret", "-f", enc.toString()));
        AuthFailedException e = assertThrows(AuthFailedException.class,
                () -> pool.connect(withKeys(lab.target1(), List.of(enc))));
        assertTrue(e.getMessage().contains("key " + enc + " is encrypted and no terminal to ask the passphrase"), e.getMessage());

        List<String> asked = new ArrayList<>();
        Prompter p = new Prompter() {
            @Override
            public char[] passphrase(String keyFile) {
                asked.add(keyFile);
                return "s3cret".toCharArray();
            }

            @Override
            public char[] password(String userAtHost) {
                return null;
            }
        };
        try (SshPool withTerminal = new SshPool(null, p, null)) {
            assertTrue(withTerminal.connect(withKeys(lab.target1(), List.of(enc))).exec(RemoteCommand.of("true")).ok());
        }
        assertEquals(List.of(enc.toString()), asked);
    }

    @Test
    void sshAgentIsUsedWithoutIdentityFiles() throws Exception {
        try (TestAgent agent = TestAgent.start(tmp)) {
            agent.add(lab.key());
            try (SshPool viaAgent = new SshPool(null, Prompter.NONE, agent.socket)) {
                SshHost h = viaAgent.connect(withKeys(lab.target1(), List.of()));
                assertEquals("ok\n", h.exec(RemoteCommand.of("echo", "ok")).stdout());
            }
        }
        // and without the agent, no identity: a clear failure
        AuthFailedException e = assertThrows(AuthFailedException.class, () -> pool.connect(withKeys(lab.target1(), List.of())));
        assertTrue(e.getMessage().contains("tried:"), e.getMessage());
    }

    @Test
    void proxyJumpTunnelsThroughLab2() throws Exception {
        SshTarget jump = lab.target2();
        SshTarget t = lab.target1();
        SshTarget viaJump = new SshTarget("lab1-via-lab2", t.hostname(), t.port(), t.user(), t.identityFiles(),
                t.knownHosts(), false, jump, t.connectTimeout(), t.commandTimeout());
        SshHost h = pool.connect(viaJump);
        String conn = h.exec(RemoteCommand.of("sh", "-c", "echo $SSH_CONNECTION")).stdout().strip();
        String clientPort = conn.split(" ")[1];
        // The client end of lab1's connection must belong to lab2's sshd, not to this JVM.
        ExecResult ss = pool.connect(jump).exec(RemoteCommand.of("ss", "-Htnp", "state", "established",
                "( sport = :" + clientPort + " )"));
        assertTrue(ss.stdout().contains("sshd"), "socket owner: " + ss.stdout());
        long me = ProcessHandle.current().pid();
        assertFalse(ss.stdout().contains("pid=" + me + ","), ss.stdout());
    }

    @Test
    void droppedConnectionIsReestablishedOnce() throws Exception {
        SshjHost h = (SshjHost) pool.connect(lab.target1());
        String before = h.exec(RemoteCommand.of("sh", "-c", "echo $SSH_CONNECTION")).stdout();
        // Kill this connection's sshd process (the nearest sshd ancestor of the remote shell; how
        // many shells sit in between depends on the login shell): the TCP link drops.
        String killSession = "p=$$; while [ \"$(cat /proc/$p/comm)\" != sshd ]; do "
                + "p=$(cut -d' ' -f4 /proc/$p/stat); done; kill -9 $p";
        try (RemoteProcess p = h.start(RemoteCommand.of("sh", "-c", killSession), false)) {
            p.stdout().readAllBytes();
        } catch (java.io.IOException expected) {
            // the stream breaks with the connection
        }
        for (int i = 0; i < 100 && h.client().isConnected(); i++) Thread.sleep(20);
        assertFalse(h.client().isConnected(), "connection should be gone");
        String after = h.exec(RemoteCommand.of("sh", "-c", "echo $SSH_CONNECTION")).stdout();
        assertNotEquals(before, after, "a new TCP connection");
        assertTrue(h.client().getSocket().getTcpNoDelay(), "TCP_NODELAY on the new connection too");
    }
}
