package dev.virtdeck.ssh;

import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A throwaway OpenSSH sshd on 127.0.0.1 owned by one test: its own host and client keys, a
 * config the test chooses (e.g. MaxSessions), and stop/restart, which the shared lab sshds must
 * not suffer. Needs root and /usr/sbin/sshd (what lab/setup.sh installs).
 */
final class PrivateSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    final Path dir;
    final int port;
    final Path clientKey;
    final Path knownHosts;
    private final Path config;
    private Process process;

    private PrivateSshd(Path dir, int port, Path clientKey, Path knownHosts, Path config) {
        this.dir = dir;
        this.port = port;
        this.clientKey = clientKey;
        this.knownHosts = knownHosts;
        this.config = config;
    }

    static PrivateSshd start(Path dir, String extraConfig) throws Exception {
        boolean usable = Files.isExecutable(SSHD) && "root".equals(System.getProperty("user.name"));
        if (!usable) {
            String msg = "private sshd tests need root and " + SSHD;
            if (LabEnv.ci()) Assertions.fail(msg);
            Assumptions.abort(msg);
        }
        Files.createDirectories(Path.of("/run/sshd"));
        Path hostKey = KeyTool.generate(dir, "host_key", "ed25519", "");
        Path clientKey = KeyTool.generate(dir, "client_key", "ed25519", "");
        Files.copy(Path.of(clientKey + ".pub"), dir.resolve("authorized_keys"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + KeyTool.publicLine(hostKey) + "\n");
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n", extraConfig, // first: sshd keeps the first value
                "ListenAddress 127.0.0.1", "Port " + port, "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"), "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "UsePAM no", "PermitRootLogin prohibit-password", "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "StrictModes no", "UseDNS no", "PrintMotd no", ""));
        PrivateSshd sshd = new PrivateSshd(dir, port, clientKey, knownHosts, config);
        sshd.launch();
        return sshd;
    }

    private void launch() throws Exception {
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sshd.log").toFile()))
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("sshd died: " + Files.readString(dir.resolve("sshd.log")));
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("sshd did not listen on " + port);
    }

    /** Kills the listener and every connection it serves (like a host going down). */
    void stop() throws InterruptedException {
        if (process == null) return;
        List<ProcessHandle> all = process.descendants().toList();
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor();
        for (ProcessHandle h : all) h.onExit().join();
        process = null;
    }

    /** SIGSTOPs the listener and every connection it serves (a black-holed host); {@link #stop} ends it. */
    void freeze() throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("kill", "-STOP", Long.toString(process.pid())));
        process.descendants().forEach(h -> cmd.add(Long.toString(h.pid())));
        new ProcessBuilder(cmd).start().waitFor();
    }

    void restart() throws Exception {
        stop();
        launch();
    }

    SshTarget target(String name) {
        return new SshTarget(name, "127.0.0.1", port, "root", List.of(clientKey), knownHosts, false, null,
                Duration.ofSeconds(20), Duration.ofSeconds(60));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
