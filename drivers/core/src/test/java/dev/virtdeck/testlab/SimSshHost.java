package dev.virtdeck.testlab;

import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimServer;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.ssh.SshTarget;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Test helper (shared with tui's tests through the test-jar): one simulated hypervisor host
 * behind a real SSH server, a client key made by ssh-keygen, and a known_hosts with the server's
 * key. {@link #ssh()} talks to it through our own {@link SshPool}.
 */
public final class SimSshHost implements AutoCloseable {
    private final SimHost host;
    private final SimServer server;
    private final Path key;
    private final Path knownHosts;
    private SshPool pool;

    private SimSshHost(SimHost host, SimServer server, Path key, Path knownHosts) {
        this.host = host;
        this.server = server;
        this.key = key;
        this.knownHosts = knownHosts;
    }

    /** Generates a client key in {@code dir}, serves {@code host} and trusts its host key. */
    public static SimSshHost start(SimHost host, Path dir) throws IOException, InterruptedException {
        Path key = dir.resolve("id_ed25519");
        if (!Files.exists(key)) {
            Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "virtdeck-test",
                    "-f", key.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new IOException("ssh-keygen failed: " + out);
        }
        SimServer server = SimServer.start(host, Files.readString(Path.of(key + ".pub")).strip());
        Path knownHosts = dir.resolve("known_hosts-" + server.port());
        Files.writeString(knownHosts, server.hostKeyLine() + "\n");
        return new SimSshHost(host, server, key, knownHosts);
    }

    public SimHost host() {
        return host;
    }

    public SimServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public Path key() {
        return key;
    }

    public Path knownHosts() {
        return knownHosts;
    }

    /** @return a pooled SSH connection to the simulated host */
    public synchronized SshHost ssh() {
        if (pool == null) pool = new SshPool(null, Prompter.NONE, null);
        return pool.connect(new SshTarget(host.hostname(), "127.0.0.1", port(), "root", List.of(key), knownHosts,
                false, null, Duration.ofSeconds(10), Duration.ofSeconds(60)));
    }

    @Override
    public synchronized void close() {
        if (pool != null) pool.close();
        server.close();
    }
}
