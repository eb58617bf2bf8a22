package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code virtdeck snapshot create|list|revert|delete} through the CLI against a simulated libvirt
 * host (virsh transport) and a simulated Xen host (no snapshots) over real SSH: outputs, JSON,
 * errors on stderr, exit codes, and dry runs that send nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SnapshotSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost kvm;
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        kvm = SimHost.of(HostKind.KVM, "kvm1").cpus(2);
        kvm.files().putImage("/var/lib/libvirt/images/web.qcow2", 64 << 20);
        kvm.addVm("web").memory(192, 256).vcpus(1, 2).disk("vda", "/var/lib/libvirt/images/web.qcow2")
                .state(VmPowerState.RUNNING);
        kvm.addVm("bare").memory(128).vcpus(1);
        SimHost xen = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
        xen.addXenGuest("domu", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (SimHost h : List.of(kvm, xen)) {
            SimSshHost s = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(s);
            inv.append("  ").append(h.hostname()).append(": {address: 127.0.0.1, port: ").append(s.port())
                    .append(", user: root, identity: ").append(s.key()).append(", known_hosts: ").append(s.knownHosts())
                    .append(h == xen ? ", drivers: [xl]}\n" : ", drivers: [libvirt], libvirt: {transport: virsh}}\n");
        }
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, inv.toString());
    }

    @AfterEach
    void stop() {
        for (SimSshHost s : sims) {
            s.host().vms().forEach(v -> v.state(VmPowerState.POWEROFF));
            s.close();
        }
    }

    LabCliTest.Run cli(String... args) {
        return LabCliTest.cliSim(inventory, dir, args);
    }

    @Test
    void createListRevertDeleteWithJsonAndErrors() throws Exception {
        LabCliTest.Run made = cli("snapshot", "create", "kvm1:web", "before upgrade", "--description", "pre 2.0");
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("snapshot 'before upgrade' taken"), made.out());
        assertEquals(List.of("before upgrade"), kvm.vm("web").snapshots().stream().map(s -> s.name()).toList());

        LabCliTest.Run json = cli("snapshot", "list", "kvm1:web", "-o", "json");
        assertEquals(0, json.code(), json.err());
        JsonNode root = LabCliTest.JSON.readTree(json.out());
        assertEquals(0, root.get("errors").size());
        JsonNode s = root.get("snapshots").get(0);
        assertEquals("kvm1:web", s.get("target").asText());
        assertEquals("before upgrade", s.get("name").asText());
        assertEquals("pre 2.0", s.get("description").asText());
        assertEquals("running", s.get("vmState").asText());
        assertTrue(s.get("current").asBoolean());
        assertTrue(s.get("parent").isNull());
        assertEquals("internal", s.get("location").asText());
        assertTrue(s.get("memory").asBoolean());
        assertTrue(s.get("created").asText().endsWith("Z"), s.toString());

        LabCliTest.Run table = cli("snapshot", "list", "kvm1:*", "xen1:domu");
        assertEquals(1, table.code(), "a VM whose driver has no snapshots fails the listing");
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("kvm1:web") && l.contains("before upgrade")
                && l.contains("*") && l.contains("internal, with memory") && l.contains("pre 2.0")), table.out());
        assertTrue(table.err().contains("virtdeck: xen1: domu: snapshot is not supported: xl has no snapshot command"),
                table.err());

        LabCliTest.Run nope = cli("snapshot", "revert", "kvm1:web", "nope");
        assertEquals(1, nope.code());
        assertTrue(nope.err().contains("kvm1: web: no snapshot named 'nope' on this VM"), nope.err());

        kvm.vm("web").state(VmPowerState.POWEROFF);
        LabCliTest.Run back = cli("snapshot", "revert", "kvm1:web", "before upgrade", "-o", "json");
        assertEquals(0, back.code(), back.err());
        JsonNode r = LabCliTest.JSON.readTree(back.out()).get("results").get(0);
        assertEquals("reverted to snapshot 'before upgrade'", r.get("message").asText());
        assertTrue(r.get("command").asText().contains("snapshot-revert"), r.toString());
        assertEquals(VmPowerState.RUNNING, kvm.vm("web").state(), "the snapshot had the running VM");

        assertEquals(0, cli("snapshot", "delete", "kvm1:web", "before upgrade").code());
        assertTrue(kvm.vm("web").snapshots().isEmpty());
        LabCliTest.Run empty = cli("snapshot", "list", "kvm1:web", "-o", "jsonl");
        assertEquals(0, empty.code());
        assertEquals("", empty.out());
    }

    @Test
    void aVmWithoutDiskIsRefusedSayingWhy() {
        LabCliTest.Run r = cli("snapshot", "create", "kvm1:bare", "s1");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("kvm1: bare: cannot take a snapshot: the VM has no disk"), r.err());
    }

    @Test
    void dryRunsPlanAndSendNothing() throws Exception {
        kvm.vm("web").takeSnapshot("s1", null, 1);
        int before = kvm.commandLog().size();
        LabCliTest.Run plan = cli("snapshot", "revert", "kvm1:web", "xen1:domu", "s1", "--dry-run", "-o", "json");
        assertEquals(1, plan.code(), "the xen target would be refused");
        JsonNode steps = LabCliTest.JSON.readTree(plan.out()).get("plan");
        assertEquals("would-run", steps.get(0).get("outcome").asText());
        assertEquals("snapshot revert kvm1:web s1", steps.get(0).get("action").asText());
        assertTrue(steps.get(0).get("message").asText().contains("losing what changed since"), steps.toString());
        assertEquals("refused", steps.get(1).get("outcome").asText());
        assertTrue(steps.get(1).get("message").asText().startsWith("snapshot is not supported: xl has no snapshot"));
        assertFalse(kvm.commandLog().subList(before, kvm.commandLog().size()).stream()
                .anyMatch(c -> c.contains("snapshot-revert")), "nothing but the listing was sent");
        assertEquals("s1", kvm.vm("web").currentSnapshot());
    }

    @Test
    void usageErrorsComeBeforeAnyHost() {
        assertEquals(2, cli("snapshot").code());
        LabCliTest.Run noName = cli("snapshot", "create", "kvm1:web");
        assertEquals(2, noName.code());
        assertTrue(noName.err().contains("give one or more SELECTORs, then the snapshot NAME"), noName.err());
        LabCliTest.Run slash = cli("snapshot", "delete", "kvm1:web", "a/b");
        assertEquals(2, slash.code());
        assertTrue(slash.err().contains("cannot contain '/'"), slash.err());
    }
}
