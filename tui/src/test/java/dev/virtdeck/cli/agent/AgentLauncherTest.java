package dev.virtdeck.cli.agent;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * End to end through the real launcher {@code ./virtdeck}: {@code agent start} spawns a background
 * JVM, later commands go through it, {@code agent stop} ends it and removes its socket.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class AgentLauncherTest {
    @TempDir
    Path dir;
    SimSshHost sim;
    Path socket;

    record Run(int code, String out, String err) {
    }

    Run virtdeck(String... args) throws Exception {
        return virtdeckIn(Path.of("").toAbsolutePath(), args);
    }

    @AfterEach
    void stop() throws Exception {
        if (socket != null && Files.exists(socket)) virtdeck("agent", "stop");
        if (sim != null) sim.close();
    }

    @Test
    void startListStatusStop() throws Exception {
        socket = dir.resolve("rt/agent.sock");
        SimHost h = SimHost.of(HostKind.KVM, "kvm1");
        h.addVm("web");
        sim = SimSshHost.start(h, dir);
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "defaults: {user: root, identity: " + sim.key() + ", known_hosts: " + sim.knownHosts() + "}\n"
                + "hosts:\n  kvm1: {address: 127.0.0.1, port: " + sim.port()
                + ", drivers: [libvirt], libvirt: {transport: virsh}}\n");

        Run none = virtdeck("agent", "status");
        assertEquals(1, none.code(), none.out() + none.err());
        assertTrue(none.out().startsWith("no agent running"), none.out());

        Run start = virtdeck("agent", "start", "--idle", "5m");
        assertEquals(0, start.code(), start.out() + start.err());
        assertTrue(start.out().contains("agent started: pid ") && start.out().contains(socket.toString()), start.out());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        Run again = virtdeck("agent", "start");
        assertEquals(0, again.code());
        assertTrue(again.out().contains("already runs"), again.out());

        // relative inventory path: taken from the client's working directory, not the agent's
        Run list = virtdeckIn(dir, "-i", "inventory.yaml", "list");
        assertEquals(0, list.code(), list.out() + list.err());
        assertTrue(list.out().contains("web"), list.out());
        assertEquals("", list.err());
        Run list2 = virtdeckIn(dir, "-i", "inventory.yaml", "list", "-o", "json");
        assertEquals(0, list2.code(), list2.err());
        assertTrue(list2.out().contains("\"name\" : \"web\"") || list2.out().contains("\"name\":\"web\""), list2.out());

        Run status = virtdeck("agent", "status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("commands run: 2"), status.out());
        assertTrue(status.out().contains("connections opened: 1"), status.out());
        assertTrue(status.out().contains("kvm1  connected"), status.out());

        Run stop = virtdeck("agent", "stop");
        assertEquals(0, stop.code(), stop.err());
        assertTrue(stop.out().contains("stopped"), stop.out());
        assertFalse(Files.exists(socket));
        Run stopAgain = virtdeck("agent", "stop");
        assertEquals(0, stopAgain.code());
        assertTrue(stopAgain.out().startsWith("no agent running"), stopAgain.out());
    }

    /** {@code ./virtdeck ARGS} in {@code cwd}, from the test class path, with this test's agent socket. */
    Run virtdeckIn(Path cwd, String... args) throws Exception {
        Path root = LabEnv.repoRoot();
        List<String> cmd = new ArrayList<>(List.of(root.resolve("virtdeck").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().put("VIRTDECK_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("VIRTDECK_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto");
        pb.environment().put(AgentPaths.SOCKET_ENV, socket.toString());
        pb.environment().remove(AgentClient.MODE_ENV); // surefire sets it off for every other test
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("virtdeck did not end");
        }
        return new Run(p.exitValue(), out, Files.readString(err));
    }
}
