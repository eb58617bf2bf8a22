package dev.virtdeck.cli.agent;

import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent against the real lab (read-only): lab1's native libvirt connection (through
 * virt-ssh-helper) and lab2's virsh transport are opened once and serve later commands.
 */
@Tag("lab")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LabAgentTest {
    @TempDir
    Path dir;
    AgentServer agent;

    @AfterEach
    void stop() {
        if (agent != null) agent.close();
    }

    record Run(int code, String out, String err) {
    }

    Run client(AgentPaths paths, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AgentClient.forward(args, paths, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nativeAndVirshConnectionsAreHeldAcrossCommands() throws Exception {
        LabEnv lab = LabEnv.require();
        AgentPaths paths = AgentPaths.at(dir.resolve("run/agent.sock"));
        agent = new AgentServer(paths, Duration.ofMinutes(5), AgentServer.fleets(), dir.resolve("no-ssh-config")).start();
        String inv = lab.inventory().toString();
        Run first = client(paths, "-i", inv, "hosts");
        assertEquals(0, first.code(), first.out() + first.err());
        assertTrue(first.out().contains("native") && first.out().contains("virsh"), first.out());
        for (int i = 0; i < 3; i++) {
            Run list = client(paths, "-i", inv, "list", "-o", "json");
            assertEquals(0, list.code(), list.out() + list.err());
            assertTrue(list.out().contains(lab.guestDeaf()), list.out());
        }
        assertEquals(2, agent.connectionsOpened(), "lab1 and lab2 connected once for four commands");
    }
}
