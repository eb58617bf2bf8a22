package dev.virtdeck.cli.agent;

import dev.virtdeck.cli.Env;
import dev.virtdeck.cli.FleetFactory;
import dev.virtdeck.cli.Main;
import dev.virtdeck.fleet.DefaultDriverOpener;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent in-process on a temporary socket, the thin client talking to it, and three simulated
 * hosts over real SSH, each behind a {@link PowerSwitch} that counts SSH connections and can cut
 * the host off.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class AgentTest {
    @TempDir
    Path dir;
    final Map<String, SimSshHost> sims = new LinkedHashMap<>();
    final Map<String, PowerSwitch> switches = new LinkedHashMap<>();
    Path inventory;
    AgentPaths paths;
    AgentServer agent;

    record Run(int code, String out, String err) {
    }

    static FleetFactory real() {
        return (options, trace, prompter) -> {
            SshPool pool = new SshPool(trace, prompter, null).replacingChangedTargets();
            return new Fleet(options, pool::connect, new DefaultDriverOpener(), trace, pool);
        };
    }

    @BeforeEach
    void start() throws Exception {
        StringBuilder kh = new StringBuilder();
        StringBuilder hosts = new StringBuilder();
        for (String name : List.of("kvm1", "kvm2", "kvm3")) {
            SimHost h = SimHost.of(HostKind.KVM, name);
            h.addVm("web-" + name);
            SimSshHost sim = SimSshHost.start(h, dir);
            PowerSwitch sw = new PowerSwitch(sim.port());
            sims.put(name, sim);
            switches.put(name, sw);
            String line = sim.server().hostKeyLine();
            kh.append("[127.0.0.1]:").append(sw.port()).append(line.substring(line.indexOf(' '))).append('\n');
            hosts.append(host(name, sw.port()));
        }
        Files.writeString(dir.resolve("known_hosts"), kh);
        inventory = dir.resolve("inventory.yaml");
        writeInventory(hosts.toString());
        paths = AgentPaths.at(dir.resolve("run/agent.sock"));
    }

    static String host(String name, int port) {
        return "  " + name + ": {address: 127.0.0.1, port: " + port + ", drivers: [libvirt], libvirt: {transport: virsh}}\n";
    }

    void writeInventory(String hosts) throws Exception {
        Files.writeString(inventory, "defaults: {user: root, identity: " + dir.resolve("id_ed25519") + ", known_hosts: "
                + dir.resolve("known_hosts") + "}\nhosts:\n" + hosts);
    }

    AgentServer startAgent(Duration idle) throws Exception {
        agent = new AgentServer(paths, idle, real(), dir.resolve("no-ssh-config")).start();
        return agent;
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
        for (PowerSwitch s : switches.values()) s.close();
        for (SimSshHost s : sims.values()) s.close();
    }

    /** The thin client, as Main.main runs it; DIRECT comes back as code -1. */
    Run client(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AgentClient.forward(args, paths, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run list() {
        return client("-i", inventory.toString(), "list");
    }

    Run direct(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env env = new Env(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false, real(), dir.resolve("no-ssh-config"));
        int code = Main.run(args, env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    int accepted(String host) {
        return switches.get(host).accepted();
    }

    String status() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        assertEquals(0, AgentClient.control(paths, Wire.STATUS, new PrintStream(text, true, StandardCharsets.UTF_8)));
        return text.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ reuse

    @Test
    void aSecondCommandOpensNoNewSshConnection() throws Exception {
        startAgent(Duration.ofMinutes(5));
        Run first = list();
        assertEquals(0, first.code(), first.err());
        for (String h : sims.keySet()) assertTrue(first.out().contains("web-" + h), first.out());
        assertEquals("", first.err());
        for (String h : sims.keySet()) assertEquals(1, accepted(h), h);

        Run second = list();
        assertEquals(0, second.code(), second.err());
        assertEquals(first.out(), second.out());
        for (String h : sims.keySet()) assertEquals(1, accepted(h), h + ": the agent opened a new SSH connection");
        assertEquals(3, agent.connectionsOpened());
        String status = status();
        assertTrue(status.contains("commands run: 2"), status);
        assertTrue(status.contains("kvm2  connected"), status);

        // the counter is real: a direct run connects afresh
        Run cold = direct("-i", inventory.toString(), "list");
        assertEquals(0, cold.code(), cold.err());
        for (String h : sims.keySet()) assertEquals(2, accepted(h), h);
    }

    @Test
    void anActionRunsOnceInTheAgentOverTheHeldConnection() throws Exception {
        startAgent(Duration.ofMinutes(5));
        assertEquals(0, list().code());
        Run start = client("-i", inventory.toString(), "start", "kvm2:web-kvm2", "-o", "json");
        assertEquals(0, start.code(), start.out() + start.err());
        assertTrue(start.out().replaceAll("\\s", "").contains("\"outcome\":\"ok\""), start.out());
        assertEquals("running", sims.get("kvm2").host().vm("web-kvm2").state().toString().toLowerCase());
        assertEquals(1, sims.get("kvm2").host().commandLog().stream().filter(c -> c.contains("virsh") && c.contains(" start ")).count(),
                sims.get("kvm2").host().commandLog().toString());
        assertEquals(1, accepted("kvm2"));
    }

    // ------------------------------------------------------------------ held connections stay correct

    @Test
    void aDeadHostInTheHeldSetFailsAloneAndIsServedAgainWhenBack() throws Exception {
        startAgent(Duration.ofMinutes(5));
        assertEquals(0, list().code());

        switches.get("kvm2").down(); // rebooting: its held connection is cut, nothing listens
        // the agent notices the cut (sshj's reader sees the end of stream), as it would long
        // before a real host's next command; a command racing the cut would see "connection lost"
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!status().contains("kvm2  disconnected") && System.nanoTime() < until) Thread.sleep(20);
        assertTrue(status().contains("kvm2  disconnected"), status());
        Run down = list();
        assertEquals(1, down.code(), down.out() + down.err());
        assertTrue(down.out().contains("web-kvm1") && down.out().contains("web-kvm3"), down.out());
        assertFalse(down.out().contains("web-kvm2"), down.out());
        List<String> errLines = down.err().lines().toList();
        assertEquals(1, errLines.size(), down.err());
        assertTrue(errLines.get(0).startsWith("virtdeck: kvm2: ") && errLines.get(0).contains("refused"), down.err());
        assertEquals(1, accepted("kvm1"), "kvm1 must be served from its held connection");
        assertEquals(1, accepted("kvm3"), "kvm3 must be served from its held connection");
        assertTrue(status().contains("kvm2  failed: "), status());

        switches.get("kvm2").up(); // back: the next command tries it again at once, as a cold run would
        Run back = list();
        assertEquals(0, back.code(), back.err());
        assertTrue(back.out().contains("web-kvm2"), back.out());
        assertEquals(2, accepted("kvm2"));
        assertEquals(1, accepted("kvm1"));
    }

    @Test
    void anEditedAddressReplacesTheHeldConnection() throws Exception {
        startAgent(Duration.ofMinutes(5));
        assertEquals(0, list().code());
        // a second way to the same kvm1: the inventory now names another port
        try (PowerSwitch other = new PowerSwitch(sims.get("kvm1").port())) {
            String kh = Files.readString(dir.resolve("known_hosts"));
            String line = sims.get("kvm1").server().hostKeyLine();
            Files.writeString(dir.resolve("known_hosts"), kh + "[127.0.0.1]:" + other.port() + line.substring(line.indexOf(' ')) + "\n");
            writeInventory(host("kvm1", other.port()) + host("kvm2", switches.get("kvm2").port())
                    + host("kvm3", switches.get("kvm3").port()));
            Run r = list();
            assertEquals(0, r.code(), r.err());
            assertEquals(1, other.accepted(), "the new address must be used");
            assertEquals(1, accepted("kvm2"), "kvm2 did not change: held");
        }
    }

    // ------------------------------------------------------------------ idle expiry

    @Test
    void anIdleAgentStopsAndRemovesItsSocket() throws Exception {
        startAgent(Duration.ofSeconds(1));
        assertEquals(0, list().code());
        assertTrue(agent.awaitStopped(Duration.ofSeconds(60)), "the agent did not stop when idle");
        assertFalse(Files.exists(paths.socket()));
        // afterwards: direct, silently
        Run after = list();
        assertEquals(AgentClient.DIRECT, after.code());
        assertEquals("", after.err());
    }

    // ------------------------------------------------------------------ permissions, peers, protocol

    @Test
    void theSocketIsPrivateAndOtherUsersAndProtocolsAreRefused() throws Exception {
        startAgent(Duration.ofMinutes(5));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.socket())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(paths.socket().getParent())));

        // a peer of another protocol version gets one NOTE frame and nothing runs
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(paths.socket()))) {
            DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
            out.writeInt(Wire.MAGIC);
            out.writeInt(Wire.VERSION + 1);
            out.flush();
            Wire.Frame f = Wire.readFrame(new DataInputStream(Channels.newInputStream(ch)));
            assertNotNull(f);
            assertEquals(Wire.NOTE, f.type());
            assertTrue(f.text().contains("speaks protocol " + Wire.VERSION), f.text());
        }
        // a peer of another user (as SO_PEERCRED tells) is refused: the client says so and runs directly
        agent.expectOwner(paths.socket().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        Run r = list();
        assertEquals(AgentClient.DIRECT, r.code());
        assertTrue(r.err().startsWith("virtdeck: agent at " + paths.socket() + " refuses connections from user "), r.err());
        assertTrue(r.err().strip().endsWith("; running directly"), r.err());
        assertEquals(0, agent.connectionsOpened(), "nothing may run for a refused peer");
    }

    /**
     * A real other user: the socket and its directories loosened on purpose (as a careless chmod
     * would), so that only the SO_PEERCRED check stands between user nobody and the agent.
     */
    @Test
    void anotherUserIsRefusedEvenThroughALoosenedSocket() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")) && Files.isExecutable(Path.of("/usr/bin/socat"))
                && "root".equals(System.getProperty("user.name")), "needs root, runuser and socat");
        startAgent(Duration.ofMinutes(5));
        for (Path p = paths.socket().getParent(); p != null && !p.equals(Path.of("/tmp")) && p.getParent() != null; p = p.getParent()) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
        }
        Files.setPosixFilePermissions(paths.socket(), PosixFilePermissions.fromString("rw-rw-rw-"));
        // read only (-u): the agent refuses on accept, before reading a byte, so a peer still
        // writing its request could die of EPIPE before it printed the refusal
        Process p = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "/usr/bin/socat", "-u", "-t", "5",
                "UNIX-CONNECT:" + paths.socket(), "STDOUT").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(answer.contains("refuses connections from user nobody"), answer);
        assertFalse(answer.contains("pid "), "no status for another user: " + answer);
    }

    @Test
    void aSecondAgentOnTheSameSocketIsRefused() throws Exception {
        startAgent(Duration.ofMinutes(5));
        AgentServer second = new AgentServer(paths, Duration.ofMinutes(1), real(), dir.resolve("no-ssh-config"));
        try {
            second.start();
            throw new AssertionError("a second agent started");
        } catch (AgentServer.AlreadyRunning expected) {
            assertTrue(Files.exists(paths.socket()), "the running agent's socket must stay");
        }
        assertEquals(0, list().code());
    }

    // ------------------------------------------------------------------ fallback

    @Test
    void withoutASocketTheClientRunsDirectlySilently() {
        Run r = list();
        assertEquals(AgentClient.DIRECT, r.code());
        assertEquals("", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aStaleSocketIsReportedOnceRemovedAndRunDirectly() throws Exception {
        Files.createDirectories(paths.socket().getParent());
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(paths.socket()));
        dead.close(); // the file stays, nobody listens: an agent killed with -9
        assertTrue(Files.exists(paths.socket()));
        Run r = list();
        assertEquals(AgentClient.DIRECT, r.code());
        assertEquals(List.of("virtdeck: agent at " + paths.socket()
                + " not answering (connection refused); removed its stale socket; running directly"), r.err().lines().toList());
        assertFalse(Files.exists(paths.socket()));
        Run again = list();
        assertEquals("", again.err(), "the second run is silent");
    }

    @Test
    void commandsTheAgentDoesNotTakeRunDirectlySilently() throws Exception {
        startAgent(Duration.ofMinutes(5));
        for (String[] args : List.of(new String[]{}, new String[]{"-i", inventory.toString(), "console", "kvm1:web-kvm1"},
                new String[]{"demo", "--list"}, new String[]{"agent", "status"}, new String[]{"-v", "-i", inventory.toString(), "list"},
                new String[]{"list", "--help"}, new String[]{"--no-agent", "list"},
                new String[]{"-i", inventory.toString(), "top", "-n", "1"})) {
            Run r = client(args);
            assertEquals(AgentClient.DIRECT, r.code(), List.of(args).toString());
            assertEquals("", r.err(), List.of(args).toString());
        }
        assertTrue(status().contains("commands run: 0"), status());
        assertEquals(0, agent.connectionsOpened());
    }

    @Test
    void aCommandTheAgentAcceptedIsNeverRunTwice() throws Exception {
        // a fake agent that accepts, then dies before the exit code
        Files.createDirectories(paths.socket().getParent());
        try (ServerSocketChannel fake = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            fake.bind(UnixDomainSocketAddress.of(paths.socket()));
            Thread t = new Thread(() -> {
                try (SocketChannel ch = fake.accept()) {
                    DataInputStream in = new DataInputStream(Channels.newInputStream(ch));
                    in.readInt();
                    in.readInt();
                    in.readByte();
                    Wire.readString(in);
                    Wire.readString(in);
                    in.readByte();
                    for (int i = in.readInt(); i > 0; i--) Wire.readString(in);
                    DataOutputStream out = new DataOutputStream(Channels.newOutputStream(ch));
                    Wire.writeFrame(out, Wire.ACCEPTED, "");
                    Wire.writeFrame(out, Wire.OUT, "partial\n");
                } catch (Exception ignored) {
                    // the test's assertions tell
                }
            });
            t.start();
            Run r = list();
            t.join();
            assertEquals(1, r.code(), "accepted, then lost: a failure, not DIRECT");
            assertEquals("partial\n", r.out());
            assertTrue(r.err().contains("stopped answering while it ran the command") && r.err().contains("not run again"), r.err());
        }
    }

    @Test
    void stopEndsTheAgentAndClosesItsConnections() throws Exception {
        startAgent(Duration.ofMinutes(5));
        assertEquals(0, list().code());
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        assertEquals(0, AgentClient.control(paths, Wire.STOP, new PrintStream(text, true, StandardCharsets.UTF_8)));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("stopped"), text.toString());
        assertTrue(agent.awaitStopped(Duration.ofSeconds(30)));
        assertFalse(Files.exists(paths.socket()));
    }
}
