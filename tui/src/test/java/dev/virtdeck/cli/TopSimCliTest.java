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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code virtdeck top -o jsonl} over real SSH against a simulated virsh host and a simulated xl
 * host: the counters each driver reads (libvirt: CPU, RSS, disk, network; xl: CPU from xl list, disk
 * and network from xentop, memory in use unknown), and one exec per host per refresh on the virsh
 * transport.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TopSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost kvm;
    SimHost xen;
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        kvm = SimHost.of(HostKind.KVM, "kvm1");
        kvm.addVm("web").memory(512).vcpus(1).disk("vda", "/var/lib/libvirt/images/web.qcow2")
                .state(VmPowerState.RUNNING);
        xen = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
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
        for (SimSshHost s : sims) s.close();
    }

    @Test
    void eachDriverReportsWhatItReadsAndVirshCostsOneExecPerRefresh() throws Exception {
        LabCliTest.Run r = LabCliTest.cliReal(null, dir.resolve("no-ssh-config"), "-i", inventory.toString(),
                "top", "-d", "0.3", "-n", "3", "-o", "jsonl");
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, JsonNode> last = new LinkedHashMap<>();
        for (String line : r.out().strip().split("\n")) {
            JsonNode j = LabCliTest.JSON.readTree(line);
            if (j.get("frame").asInt() == 3) last.put(j.get("host").asText() + ":" + j.get("name").asText(), j);
        }
        assertEquals(List.of("kvm1:web", "xen1:domu"), List.copyOf(last.keySet()), r.out());
        JsonNode web = last.get("kvm1:web");
        assertTrue(web.get("cpuPercent").isNumber(), web.toString());
        assertTrue(web.get("memoryRssKiB").asLong() > 0, web.toString());
        assertTrue(web.get("diskReadBytes").asLong() > 0, "the simulated disk's reads grow: " + web);
        assertTrue(web.get("diskReadBps").isNumber(), web.toString());
        assertEquals(0, web.get("netRxBytes").asLong(), "no interface: 0, known");
        assertEquals(0.0, web.get("netRxBps").asDouble());
        JsonNode domu = last.get("xen1:domu");
        assertTrue(domu.get("cpuPercent").isNumber(), "xl list's Time(s) gives CPU %: " + domu);
        assertTrue(domu.get("diskReadBytes").asLong() > 0 && domu.get("diskReadBytes").asLong() % 512 == 0,
                "xentop's sectors in bytes: " + domu);
        assertTrue(domu.get("netRxBytes").asLong() > 0 && domu.get("netRxBytes").asLong() % 1024 == 0,
                "xentop's KiB in bytes: " + domu);
        assertTrue(domu.get("diskReadBps").isNumber(), domu.toString());
        for (String unknown : List.of("memoryUsedKiB", "memoryRssKiB")) {
            assertTrue(domu.get(unknown).isNull(), unknown + " is not read on xl: " + domu);
        }
        long xentops = xen.commandLog().stream().filter(c -> c.contains("xentop")).count();
        assertEquals(4, xentops, "one xentop per refresh: " + xen.commandLog());
        long virshExecs = kvm.commandLog().stream().filter(c -> c.contains("virsh")).count();
        assertEquals(4, virshExecs, "a first sample and three refreshes, one exec each: " + kvm.commandLog());
    }
}
