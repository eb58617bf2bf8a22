package dev.virtdeck.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;

/**
 * Many simulated hosts behind ONE SSH server: one MINA {@code SshServer} (one I/O thread pool) listening on one
 * 127.0.0.1 port per host, each session served by the host of the port it was accepted on. Made for fleet
 * benchmarks (1,000 hosts in one JVM), where a {@link SimServer} per host would cost a server, an I/O pool and
 * a relay per host.
 *
 * <p>Differences from {@link SimServer}: all hosts share one ed25519 host key (one known_hosts line per port
 * still), and there is no TCP relay in front, so the connection-level knobs ({@link SimHost#refuseConnections},
 * {@link SimHost#hangOnConnect}) have no effect; everything after the handshake behaves as with SimServer.
 */
public final class SimFleet implements Closeable {

    private final FleetServer sshd;
    private final Map<Integer, SimHost> byPort;
    private final Map<SimHost, Integer> portOf;
    private final KeyPair hostKey;
    private final Map<SimHost, Long> lastExecMillis = new ConcurrentHashMap<>();

    private SimFleet(FleetServer sshd, Map<Integer, SimHost> byPort, KeyPair hostKey) {
        this.sshd = sshd;
        this.byPort = byPort;
        this.hostKey = hostKey;
        this.portOf = new LinkedHashMap<>();
        byPort.forEach((port, host) -> portOf.put(host, port));
    }

    /** Starts one server for all {@code hosts} (distinct objects), accepting the given public keys. */
    public static SimFleet start(List<SimHost> hosts, List<PublicKey> authorized) throws IOException {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no hosts");
        }
        KeyPair hostKey = SimServer.newHostKey();
        FleetServer sshd = (FleetServer) ServerBuilder.builder().factory(FleetServer::new).build();
        Map<Integer, SimHost> byPort = new ConcurrentHashMap<>();
        SimFleet[] self = new SimFleet[1];
        SimServer.keysOnly(sshd, hostKey, authorized);
        sshd.setCommandFactory((channel, command) -> {
            SimHost host = self[0].hostOf(channel.getSession());
            self[0].lastExecMillis.put(host, System.currentTimeMillis());
            return new SimCommand(host, command);
        });
        sshd.setShellFactory(channel -> new SimCommand(self[0].hostOf(channel.getSession()), null));
        sshd.setChannelFactories(StreamLocalChannel.withDefaults(sshd.getChannelFactories(), s -> self[0].hostOf(s)));
        sshd.setServiceFactories(StreamLocalChannel.withOpenSshFailureText(sshd.getServiceFactories()));
        sshd.start();
        try {
            byPort.put(sshd.getPort(), hosts.get(0));
            for (SimHost host : hosts.subList(1, hosts.size())) {
                byPort.put(sshd.bindOneMore(), host);
            }
        } catch (IOException | RuntimeException e) {
            sshd.stop(true);
            throw e;
        }
        self[0] = new SimFleet(sshd, byPort, hostKey);
        return self[0];
    }

    private SimHost hostOf(Session session) {
        SocketAddress a = session.getIoSession().getAcceptanceAddress();
        SimHost host = a instanceof InetSocketAddress i ? byPort.get(i.getPort()) : null;
        if (host == null) {
            throw new IllegalStateException("no simulated host on " + a);
        }
        return host;
    }

    /** The hosts in start order. */
    public List<SimHost> hosts() {
        return List.copyOf(portOf.keySet());
    }

    /** The TCP port on 127.0.0.1 that serves {@code host}. */
    public int port(SimHost host) {
        Integer p = portOf.get(host);
        if (p == null) {
            throw new IllegalArgumentException("not in this fleet: " + host);
        }
        return p;
    }

    /** A known_hosts line for {@code host}: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...}. */
    public String hostKeyLine(SimHost host) {
        return "[127.0.0.1]:" + port(host) + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    /** {@link System#currentTimeMillis()} when the last exec request {@code host} arrived, or -1 if none (fleet benchmarks: did every host get its list, and when). */
    public long lastExecMillis(SimHost host) {
        return lastExecMillis.getOrDefault(host, -1L);
    }

    @Override
    public void close() {
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SshServer that can listen on more ports after start (the acceptor is protected in MINA). */
    private static final class FleetServer extends SshServer {
        int bindOneMore() throws IOException {
            Set<SocketAddress> before = new HashSet<>(acceptor.getBoundAddresses());
            acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
            List<SocketAddress> added = new ArrayList<>(acceptor.getBoundAddresses());
            added.removeAll(before);
            if (added.size() != 1 || !(added.get(0) instanceof InetSocketAddress i)) {
                throw new IOException("cannot tell which port was bound: " + added);
            }
            return i.getPort();
        }
    }
}
