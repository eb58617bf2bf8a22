package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drives the REAL OpenSSH client against a simulated host, so the simulator is tested from outside and
 * independently of virtdeck's own SSH code.
 */
final class OpenSsh {

    /** One finished ssh run. */
    record Result(int exit, String stdout, String stderr, long millis) {}

    private final Path key;
    private final Path knownHosts;
    private final int port;

    private OpenSsh(Path key, Path knownHosts, int port) {
        this.key = key;
        this.knownHosts = knownHosts;
        this.port = port;
    }

    /** Generates an ed25519 client key in {@code dir} with ssh-keygen; returns the .pub line. */
    static String generateKey(Path dir) throws IOException, InterruptedException {
        Path k = dir.resolve("id_ed25519");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", k.toString())
                .redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ssh-keygen failed: " + new String(p.getInputStream().readAllBytes()));
        }
        return Files.readString(dir.resolve("id_ed25519.pub")).trim();
    }

    /** A client for {@code server}, trusting exactly its host key line. */
    static OpenSsh to(SimServer server, Path dir) throws IOException {
        return to(server.port(), server.hostKeyLine(), dir);
    }

    /** A client for port {@code port} on 127.0.0.1, trusting exactly {@code hostKeyLine}. */
    static OpenSsh to(int port, String hostKeyLine, Path dir) throws IOException {
        Path kh = dir.resolve("known_hosts-" + port);
        Files.writeString(kh, hostKeyLine + "\n");
        return new OpenSsh(dir.resolve("id_ed25519"), kh, port);
    }

    Result run(String command) throws IOException, InterruptedException {
        return run(command, null, false, 5, 30);
    }

    Result run(String command, String stdin) throws IOException, InterruptedException {
        return run(command, stdin, false, 5, 30);
    }

    /**
     * Runs {@code ssh ... root@127.0.0.1 COMMAND}; {@code pty} adds -tt. The process is killed after
     * {@code waitSeconds} (exit reported as -1).
     */
    Result run(String command, String stdin, boolean pty, int connectTimeout, int waitSeconds)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", key.toString(),
                "-p", Integer.toString(port),
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=" + connectTimeout, "-o", "LogLevel=ERROR"));
        if (pty) {
            cmd.add("-tt");
        }
        cmd.add("root@127.0.0.1");
        if (command != null) {
            cmd.add(command);
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        if (!pty || stdin != null) {
            p.getOutputStream().close();
        }
        boolean done = p.waitFor(waitSeconds, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new Result(done ? p.exitValue() : -1, out.join(), err.join(), ms);
    }

    /** Like {@link #run} with a PTY, feeding stdin in chunks with pauses (a person typing). */
    Result typeWithPty(String command, List<String> chunks, long pauseMs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-i", key.toString(),
                "-p", Integer.toString(port), "-tt",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "LogLevel=ERROR", "root@127.0.0.1", command));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        for (String c : chunks) {
            Thread.sleep(pauseMs);
            p.getOutputStream().write(c.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().flush();
        }
        boolean done = p.waitFor(20, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        return new Result(done ? p.exitValue() : -1, out.join(), err.join(), (System.nanoTime() - t0) / 1_000_000);
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }
}
