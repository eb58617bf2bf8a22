package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolling batches through the CLI against a simulated VirtualBox host and a simulated Xen host
 * over real SSH: waves in order with {@code -o jsonl}, and {@code --max-fail} leaving the VMs
 * after the stop untouched (their hosts received no command for them).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RolloutSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost vbox;
    SimHost xen;
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        vbox = SimHost.vbox("vbox1", VBoxVersion.V6_1);
        vbox.addVm("vm-1").memory(512).state(VmPowerState.RUNNING);
        vbox.addVm("vm-10").memory(512);
        xen = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
        xen.addXenGuest("vm-2", 128, 128, 1, 1).state(VmPowerState.RUNNING);
        xen.addXenGuest("vm-3", 128, 128, 1, 1).state(VmPowerState.RUNNING);
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (SimHost h : List.of(vbox, xen)) {
            SimSshHost s = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(s);
            inv.append("  ").append(h.hostname()).append(": {address: 127.0.0.1, port: ").append(s.port())
                    .append(", user: root, identity: ").append(s.key()).append(", known_hosts: ").append(s.knownHosts())
                    .append(", drivers: [").append(h == xen ? "xl" : "vbox").append("]}\n");
        }
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, inv.toString());
    }

    @AfterEach
    void stop() {
        for (SimSshHost s : sims) s.close();
    }

    LabCliTest.Run cli(String... args) {
        return LabCliTest.cliSim(inventory, dir, args);
    }

    static List<JsonNode> lines(LabCliTest.Run r) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.out().split("\n")) if (!l.isBlank()) out.add(LabCliTest.JSON.readTree(l));
        return out;
    }

    @Test
    void orderVmTakesNamesNaturallyAcrossHostsOneWaveAfterAnother() throws Exception {
        LabCliTest.Run r = cli("poweroff", "vbox1:*", "xen1:*", "--serial", "1", "--order", "vm", "-o", "jsonl");
        assertEquals(ExitCodes.OK, r.code(), r.out() + r.err());
        List<JsonNode> lines = lines(r);
        assertEquals(List.of("vbox1:vm-1", "xen1:vm-2", "xen1:vm-3", "vbox1:vm-10"),
                lines.stream().map(l -> l.get("target").asText()).toList(), "vm-10 after vm-3: numbers by value");
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(i + 1, lines.get(i).get("wave").asInt());
            if (i > 0) {
                Instant prev = Instant.parse(lines.get(i - 1).get("finished").asText());
                assertFalse(Instant.parse(lines.get(i).get("started").asText()).isBefore(prev), r.out());
            }
        }
        assertEquals("already shut off", lines.get(3).get("message").asText());
        assertEquals(VmPowerState.POWEROFF, xen.vm("vm-3").state());
    }

    @Test
    void maxFailStopsBeforeTheNextHostIsTouched() throws Exception {
        List<String> xenBefore = List.copyOf(xen.commandLog());
        // host order: vbox1 first; pausing its shut-off vm-10 fails, the limit is 0
        LabCliTest.Run r = cli("pause", "vbox1:vm-10", "xen1:*", "--serial", "1", "--max-fail", "0");
        assertEquals(ExitCodes.HALTED, r.code(), r.out() + r.err());
        List<String> rows = r.out().lines().toList();
        assertTrue(rows.get(0).matches("WAVE +TARGET +OUTCOME +MESSAGE *"), r.out());
        assertTrue(rows.get(1).matches("1 +vbox1:vm-10 +failed .*"), r.out());
        // within a host, the listing's order (xl lists vm-3 first here)
        assertTrue(rows.get(2).matches("2 +xen1:vm-[23] +not-attempted +not attempted: --max-fail 0 exceeded \\(1 of 3 failed\\)"),
                r.out());
        assertTrue(rows.get(3).matches("3 +xen1:vm-[23] +not-attempted .*"), r.out());
        assertEquals(VmPowerState.RUNNING, xen.vm("vm-2").state());
        assertEquals(VmPowerState.RUNNING, xen.vm("vm-3").state());
        List<String> sent = new ArrayList<>(xen.commandLog().subList(xenBefore.size(), xen.commandLog().size()));
        assertTrue(sent.stream().noneMatch(c -> c.contains("pause")), "xen1 got a pause: " + sent);
    }
}
