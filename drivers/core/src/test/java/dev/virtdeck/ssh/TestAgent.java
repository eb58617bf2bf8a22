package dev.virtdeck.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real OpenSSH ssh-agent on a private socket, for tests. */
final class TestAgent implements AutoCloseable {
    private final Process process;
    final Path socket;

    private TestAgent(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    static TestAgent start(Path dir) throws IOException, InterruptedException {
        Path sock = dir.resolve("agent.sock");
        Process p = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(sock); i++) Thread.sleep(50);
        if (!Files.exists(sock)) {
            p.destroy();
            throw new IOException("ssh-agent did not create " + sock + ": " + Files.readString(dir.resolve("agent.log")));
        }
        return new TestAgent(p, sock);
    }

    void add(Path key) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of("ssh-add", key.toString())).redirectErrorStream(true);
        pb.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("ssh-add " + key + ": " + out);
    }

    @Override
    public void close() {
        process.destroy();
    }
}
