package dev.virtdeck.sim.xapi;

import dev.virtdeck.sim.SimServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test client built on the REAL OpenSSH client: {@code ssh -N -L LOCAL.sock:/var/lib/xcp/xapi} forwards a UNIX
 * socket in a private temp directory (test only: the driver never listens locally) and every connection to it
 * makes OpenSSH open one {@code direct-streamlocal@openssh.com} channel to the simulated host. (OpenSSH 9.2's
 * {@code -W} does not accept a socket path yet, hence {@code -L}.) The HTTP/XML-RPC text is written by hand.
 */
final class XapiWire implements AutoCloseable {

    /** One HTTP response. */
    record Http(String statusLine, String headers, String body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> envelope() throws XmlRpc.ParseException {
            return (Map<String, Object>) XmlRpc.parseResponse(body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** One finished ssh exec. */
    record Run(int exit, String stdout, String stderr) {}

    private static Path dir;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final Path knownHosts;
    private final int port;
    private final String user;
    private final Path local;
    private Process ssh;
    private CompletableFuture<String> sshErr;

    private XapiWire(Path knownHosts, int port, String user, Path local) {
        this.knownHosts = knownHosts;
        this.port = port;
        this.user = user;
        this.local = local;
    }

    static synchronized String pubKey() throws IOException, InterruptedException {
        if (dir == null) {
            Path d = Files.createTempDirectory("sim-xapi");
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                    d.resolve("id_ed25519").toString()).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("ssh-keygen failed");
            }
            dir = d;
        }
        return Files.readString(dir.resolve("id_ed25519.pub")).trim();
    }

    /** A tunnel to {@code remotePath} on {@code server} as {@code user}. */
    static XapiWire tunnel(SimServer server, String user, String remotePath) throws IOException, InterruptedException {
        pubKey();
        Path kh = dir.resolve("known_hosts-" + server.port());
        Files.writeString(kh, server.hostKeyLine() + "\n");
        Path local = dir.resolve("t" + SEQ.incrementAndGet() + ".sock");
        XapiWire w = new XapiWire(kh, server.port(), user, local);
        List<String> cmd = w.base();
        cmd.set(cmd.indexOf("LogLevel=ERROR"), "LogLevel=INFO"); // "channel N: open failed: ..." is logged at INFO
        cmd.addAll(List.of("-N", "-o", "ExitOnForwardFailure=yes", "-L", local + ":" + remotePath,
                user + "@127.0.0.1"));
        w.ssh = new ProcessBuilder(cmd).start();
        w.sshErr = drain(w.ssh.getErrorStream());
        drain(w.ssh.getInputStream());
        long end = System.nanoTime() + 10_000_000_000L;
        while (!Files.exists(local)) {
            if (System.nanoTime() > end || !w.ssh.isAlive()) {
                w.close();
                throw new IOException("ssh -L did not come up: " + w.sshErr.getNow("?"));
            }
            Thread.sleep(20);
        }
        return w;
    }

    /** The usual tunnel: root to the XAPI socket. */
    static XapiWire to(SimServer server) throws IOException, InterruptedException {
        return tunnel(server, "root", SimXapiPool.XAPI_SOCKET);
    }

    private List<String> base() {
        return new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", dir.resolve("id_ed25519").toString(),
                "-p", Integer.toString(port), "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=5", "-o", "LogLevel=ERROR"));
    }

    /** What the ssh client printed so far (after close: everything). */
    String sshStderr() {
        return sshErr.getNow("");
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.destroy();
            try {
                ssh.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sshErr.join();
        }
    }

    // ---- connections (one SSH channel each) --------------------------------------------------------------

    /** One connection = one direct-streamlocal channel. */
    final class Conn implements AutoCloseable {
        private final SocketChannel ch;
        private final InputStream in;
        private final OutputStream out;

        Conn() throws IOException {
            ch = SocketChannel.open(StandardProtocolFamily.UNIX);
            ch.connect(UnixDomainSocketAddress.of(local));
            in = Channels.newInputStream(ch);
            out = Channels.newOutputStream(ch);
        }

        void send(String raw) throws IOException {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads one Content-Length framed response; null at EOF. */
        Http read() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                head.write(c);
                byte[] b = head.toByteArray();
                int n = b.length;
                if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                    break;
                }
            }
            if (c < 0) {
                return null;
            }
            String h = head.toString(StandardCharsets.ISO_8859_1);
            int len = 0;
            for (String line : h.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    len = Integer.parseInt(line.substring(15).trim());
                }
            }
            String body = new String(in.readNBytes(len), StandardCharsets.UTF_8);
            int nl = h.indexOf("\r\n");
            return new Http(h.substring(0, nl), h.substring(nl + 2, h.length() - 4), body);
        }

        /** True when the server closed its side (the next read sees EOF). */
        boolean atEof() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    Conn connect() throws IOException {
        return new Conn();
    }

    // ---- HTTP/XML-RPC by hand ----------------------------------------------------------------------------

    static String post(String method, List<?> params, boolean close) {
        return postXml(XmlRpc.call(method, params), close);
    }

    static String postXml(String xml, boolean close) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        return "POST / HTTP/1.1\r\nHost: localhost\r\nUser-Agent: xapi-wire-test\r\nContent-Type: text/xml\r\n"
                + "Content-Length: " + body.length + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n" + xml;
    }

    /** One call on its own channel (Connection: close): the raw HTTP response. */
    Http raw(String method, Object... params) throws Exception {
        try (Conn c = connect()) {
            c.send(post(method, List.of(params), true));
            Http h = c.read();
            if (h == null) {
                throw new IllegalStateException("no response; ssh said: " + sshStderr());
            }
            return h;
        }
    }

    Map<String, Object> call(String method, Object... params) throws Exception {
        return raw(method, params).envelope();
    }

    /** The Value of a successful call (fails the test otherwise). */
    Object ok(String method, Object... params) throws Exception {
        Map<String, Object> r = call(method, params);
        if (!"Success".equals(r.get("Status"))) {
            throw new AssertionError(method + " failed: " + r);
        }
        return r.get("Value");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> rec(String method, Object... params) throws Exception {
        return (Map<String, Object>) ok(method, params);
    }

    /** The ErrorDescription of a failed call (fails the test on success). */
    @SuppressWarnings("unchecked")
    List<String> err(String method, Object... params) throws Exception {
        Map<String, Object> r = call(method, params);
        if (!"Failure".equals(r.get("Status"))) {
            throw new AssertionError(method + " succeeded: " + r);
        }
        return (List<String>) r.get("ErrorDescription");
    }

    String login() throws Exception {
        return (String) ok("session.login_with_password", "", "", "2.21", "virtdeck-test");
    }

    // ---- exec --------------------------------------------------------------------------------------------

    /** {@code ssh [-tt] user@host COMMAND}, feeding {@code chunks} with pauses; stdin stays open with a PTY. */
    Run exec(String command, List<String> chunks, long pauseMs, boolean pty) throws IOException,
            InterruptedException {
        List<String> cmd = base();
        if (pty) {
            cmd.add("-tt");
        }
        cmd.addAll(List.of(user + "@127.0.0.1", command));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        for (String c : chunks) {
            Thread.sleep(pauseMs);
            p.getOutputStream().write(c.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        if (!pty) {
            p.getOutputStream().close();
        }
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        return new Run(done ? p.exitValue() : -1, out.join(), err.join());
    }

    private static final java.util.concurrent.ExecutorService DRAIN = java.util.concurrent.Executors
            .newCachedThreadPool(r -> {
                Thread t = new Thread(r, "xapi-wire-drain");
                t.setDaemon(true);
                return t;
            });

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                in.transferTo(b);
                return b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        }, DRAIN);
    }
}
