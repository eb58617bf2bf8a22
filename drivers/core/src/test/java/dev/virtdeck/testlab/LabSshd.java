package dev.virtdeck.testlab;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway OpenSSH sshd of one test: the lab's login and authorized key, its own port and host
 * key, on 127.0.0.1, serving the same machine (the lab's libvirtd). Fault tests break it in the
 * ways a real host breaks (freeze it, cut its sessions, stop it) without touching the shared lab
 * sshds. Extra sshd_config lines (e.g. {@code SetEnv PATH=/bin}) shape the login's environment.
 *
 * <pre>
 * try (LabSshd sshd = LabSshd.start(tempDir, LabEnv.require())) { ... sshd.port() ... }
 * </pre>
 */
public final class LabSshd implements AutoCloseable {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final int port;
    private final Path knownHosts;
    private final Path dir;
    private final List<String> config;
    private Process process;

    private LabSshd(int port, Path knownHosts, Path dir, List<String> config) {
        this.port = port;
        this.knownHosts = knownHosts;
        this.dir = dir;
        this.config = config;
    }

    /** Starts an sshd in {@code dir} (which also gets its host key, config, log and known_hosts). */
    public static LabSshd start(Path dir, LabEnv lab, String... extraConfig) throws Exception {
        if (!Files.isExecutable(SSHD) || !"root".equals(System.getProperty("user.name"))) {
            String msg = "this test starts its own sshd: needs root and " + SSHD;
            if (LabEnv.ci()) Assertions.fail(msg);
            Assumptions.abort(msg);
        }
        Path hostKey = dir.resolve("host_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "virtdeck-test-sshd", "-f", hostKey.toString());
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        List<String> config = new ArrayList<>(List.of("ListenAddress 127.0.0.1", "Port " + port,
                "HostKey " + hostKey, "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + lab.dir().resolve("authorized_keys"), "UsePAM no",
                "PermitRootLogin prohibit-password", "AllowUsers " + lab.user(), "PubkeyAuthentication yes",
                "PasswordAuthentication no", "KbdInteractiveAuthentication no", "StrictModes no",
                "MaxSessions 64", "MaxStartups 100:30:200", "UseDNS no", "PrintMotd no",
                "AllowTcpForwarding yes", "AllowStreamLocalForwarding yes"));
        config.addAll(List.of(extraConfig));
        String[] pub = Files.readString(Path.of(hostKey + ".pub")).strip().split(" ");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, Files.readString(lab.knownHosts()) + "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1] + "\n");
        LabSshd sshd = new LabSshd(port, kh, dir, config);
        sshd.startListener();
        return sshd;
    }

    /** (Re)starts the listener on the same port, host key and config (after {@link #stop}). */
    public void startListener() throws Exception {
        Path cfg = dir.resolve("sshd_config");
        Files.writeString(cfg, String.join("\n", config) + "\n");
        Files.createDirectories(Path.of("/run/sshd"));
        Path log = dir.resolve("sshd.log");
        process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("sshd died: " + Files.readString(log));
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("sshd did not listen on " + port + ": " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    /** @return a known_hosts file with the lab's entries and this sshd's key */
    public Path knownHosts() {
        return knownHosts;
    }

    /** @return the sshd's log (its -e output) */
    public Path log() {
        return dir.resolve("sshd.log");
    }

    /** @return the listener and every process under it (per-connection sshds, their commands) */
    public List<Long> pids() {
        List<Long> out = new ArrayList<>();
        if (process != null && process.isAlive()) out.add(process.pid());
        if (process != null) process.descendants().forEach(h -> out.add(h.pid()));
        return out;
    }

    /** @return the per-connection sshds and their commands, not the listener */
    public List<Long> sessionPids() {
        List<Long> out = pids();
        if (process != null) out.remove(process.pid());
        return out;
    }

    /** Black-holes the host: SIGSTOP until no new process appears (a child may fork meanwhile). */
    public Set<Long> freeze() throws Exception {
        Set<Long> stopped = new LinkedHashSet<>();
        for (int round = 0; round < 10; round++) {
            List<Long> now = pids();
            now.removeAll(stopped);
            if (now.isEmpty()) break;
            signal("STOP", now);
            stopped.addAll(now);
            Thread.sleep(100);
        }
        return stopped;
    }

    public void thaw() throws Exception {
        signal("CONT", pids());
    }

    /**
     * Bytes clients sent that no sshd has read yet (the Recv-Q of this sshd's established
     * sockets): while {@link #freeze frozen}, more than zero proves a request is held in flight.
     */
    public long unreadBytes() throws Exception {
        Process p = new ProcessBuilder("ss", "-tnH", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("ss failed: " + out);
        long sum = 0;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4) sum += Long.parseLong(f[0]); // Recv-Q Send-Q Local Peer
        }
        return sum;
    }

    /**
     * Cuts every SSH connection (SIGKILL to the per-connection sshds and what they run) while the
     * listener keeps accepting: what a dropped link or a restarted sshd looks like to a client.
     *
     * @return how many processes were killed
     */
    public int cutSessions() throws Exception {
        List<Long> sessions = sessionPids();
        signal("KILL", sessions);
        return sessions.size();
    }

    /** Stops the listener and its sessions: new connections are refused (host down). */
    public void stop() throws Exception {
        if (process == null) return;
        thaw();
        List<ProcessHandle> all = process.descendants().toList();
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
    }

    private static void signal(String sig, List<Long> pids) throws Exception {
        if (pids.isEmpty()) return;
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + sig));
        for (long p : pids) cmd.add(Long.toString(p));
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor(10, TimeUnit.SECONDS); // a process that exited meanwhile: the others got it
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }

    @Override
    public void close() throws Exception {
        stop();
    }
}
