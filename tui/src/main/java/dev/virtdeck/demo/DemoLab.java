package dev.virtdeck.demo;

import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimServer;
import dev.virtdeck.sim.xapi.SimXapiPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo lab: simulated hypervisor hosts ({@code kvm1} speaking virsh, {@code xen1} speaking xl,
 * {@code vbox1} speaking VBoxManage 7.0, {@code xcp1} and {@code xcp2} an XCP-ng pool serving XAPI) behind real SSH servers on 127.0.0.1, and, in a private temporary
 * directory, a fresh client key, a known_hosts file and an inventory for them. Nothing runs on the real
 * machine; {@link #close()} stops the servers and deletes the directory.
 *
 * <pre>{@code
 * try (DemoLab lab = DemoLab.start()) {
 *     Main.run(new String[] {"-i", lab.inventory().toString(), "list"}, out, err);
 * }
 * }</pre>
 */
public final class DemoLab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DemoLab.class);

    /** The inventory names of the demo hosts. */
    public static final String KVM = DemoHosts.KVM;
    public static final String XEN = DemoHosts.XEN;
    public static final String VBOX = DemoHosts.VBOX;
    public static final String XCP_MASTER = DemoHosts.XCP_MASTER;
    public static final String XCP_MEMBER = DemoHosts.XCP_MEMBER;

    private final Path dir;
    private final Map<String, SimServer> servers;
    private final SimXapiPool xcp = DemoHosts.xcpPool();
    private final Thread cleanup = new Thread(this::close, "virtdeck-demo-cleanup");
    private boolean closed;

    private DemoLab(Path dir, Map<String, SimServer> servers) {
        this.dir = dir;
        this.servers = servers;
    }

    /** Starts the simulated hosts and writes the key, known_hosts and inventory into a new temporary directory. */
    public static DemoLab start() throws IOException {
        Path dir = privateTempDir();
        Map<String, SimServer> servers = new LinkedHashMap<>();
        DemoLab lab = new DemoLab(dir, servers);
        // Ctrl-C or SIGTERM, even while starting: the private key must not outlive the demo
        Runtime.getRuntime().addShutdownHook(lab.cleanup);
        try {
            DemoKeys keys = DemoKeys.generate();
            keys.write(dir.resolve("id_ed25519"), "virtdeck-demo");
            String authorized = keys.authorizedKeyLine("virtdeck-demo");
            for (SimHost host : DemoHosts.create(lab.xcp)) {
                servers.put(host.hostname(), SimServer.start(host, authorized));
            }
            List<String> lines = new ArrayList<>();
            for (SimServer s : servers.values()) lines.add(s.hostKeyLine());
            Files.write(lab.knownHosts(), lines);
            Files.writeString(lab.inventory(), DemoInventory.yaml(lab));
            LOG.info("demo lab in {}: {}", dir, servers.keySet());
            return lab;
        } catch (Throwable t) { // even an Error: never leave the key and a running server behind
            lab.close();
            throw t;
        }
    }

    private static Path privateTempDir() throws IOException {
        try {
            return Files.createTempDirectory("virtdeck-demo-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            return Files.createTempDirectory("virtdeck-demo-");
        }
    }

    /** The private temporary directory holding the files below. */
    public Path dir() {
        return dir;
    }

    /** The demo inventory ({@code -i} it). */
    public Path inventory() {
        return dir.resolve("inventory.yaml");
    }

    /** known_hosts with the simulated servers' host keys. */
    public Path knownHosts() {
        return dir.resolve("known_hosts");
    }

    /** The client's private key (an unencrypted OpenSSH ed25519 key; {@code .pub} next to it). */
    public Path identity() {
        return dir.resolve("id_ed25519");
    }

    /** The demo host names in inventory order. */
    public List<String> hostNames() {
        return List.copyOf(servers.keySet());
    }

    /** The simulated host behind an inventory name (to inspect or change its state). */
    public SimHost host(String name) {
        return server(name).host();
    }

    /** The XCP-ng pool whose members are xcp1 and xcp2 (to inspect or change its VMs). */
    public SimXapiPool xcpPool() {
        return xcp;
    }

    /** The SSH port of a demo host on 127.0.0.1. */
    public int port(String name) {
        return server(name).port();
    }

    private SimServer server(String name) {
        SimServer s = servers.get(name);
        if (s == null) throw new IllegalArgumentException("no demo host " + name + " (hosts: " + servers.keySet() + ")");
        return s;
    }

    /** Stops the servers and deletes the temporary directory; safe to call twice. Also runs at JVM shutdown. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (Thread.currentThread() != cleanup) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs anyway and finds the lab closed
            }
        }
        for (SimServer s : servers.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("stopping simulated host {} failed", s.host(), e);
            }
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo directory " + root, e);
        }
    }
}
