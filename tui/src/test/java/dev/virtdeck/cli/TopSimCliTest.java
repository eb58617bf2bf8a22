package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.sim.xapi.XapiPowerState;
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
 * {@code virtdeck top -o jsonl} over real SSH against simulated virsh, xl, VirtualBox and XAPI
 * hosts: the counters each driver reads (libvirt: CPU, RSS, disk, network; xl: CPU from xl list, disk
 * and network from xentop, memory in use unknown), the rates the hypervisor reports itself
 * (VirtualBox metrics: CPU, RSS, network; XAPI VM_metrics: CPU, memory held), and what each costs per
 * refresh: one exec on the virsh transport, one xentop, one {@code metrics query}, one XAPI call
 * ({@code event.from}, which carries the VM_metrics records).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TopSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost kvm;
    SimHost xen;
    SimHost vbox;
    SimXapiPool pool;
    SimHost xcp;
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        kvm = SimHost.of(HostKind.KVM, "kvm1");
        kvm.addVm("web").memory(512).vcpus(1).disk("vda", "/var/lib/libvirt/images/web.qcow2")
                .state(VmPowerState.RUNNING);
        xen = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
        xen.addXenGuest("domu", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        vbox = SimHost.vbox("vbox1", VBoxVersion.V7_0);
        vbox.addVm("box").memory(1024).state(VmPowerState.RUNNING);
        pool = SimXapiPool.create("pool1");
        xcp = pool.addHost("xcp1", true);
        pool.addVm("guest").memoryMb(512).vcpus(1, 2).state(XapiPowerState.RUNNING).residentOn(xcp);
        Map<SimHost, String> drivers = Map.of(kvm, "[libvirt], libvirt: {transport: virsh}", xen, "[xl]",
                vbox, "[vbox]", xcp, "[xapi]");
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (SimHost h : List.of(kvm, xen, vbox, xcp)) {
            SimSshHost s = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(s);
            inv.append("  ").append(h.hostname()).append(": {address: 127.0.0.1, port: ").append(s.port())
                    .append(", user: root, identity: ").append(s.key()).append(", known_hosts: ").append(s.knownHosts())
                    .append(", drivers: ").append(drivers.get(h)).append("}\n");
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
                "top", "-d", "0.5", "-n", "3", "-o", "jsonl");
        assertEquals(0, r.code(), r.out() + r.err());
        Map<String, JsonNode> last = new LinkedHashMap<>();
        for (String line : r.out().strip().split("\n")) {
            JsonNode j = LabCliTest.JSON.readTree(line);
            if (j.get("frame").asInt() == 3) last.put(j.get("host").asText() + ":" + j.get("name").asText(), j);
        }
        assertEquals(List.of("kvm1:web", "xen1:domu", "vbox1:box", "xcp1:guest"), List.copyOf(last.keySet()), r.out());
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
        long xenLists = xen.commandLog().stream().filter(c -> c.contains("xentop -b -i 1 -f")).count();
        assertEquals(4, xenLists, "one list script (with its xentop) per refresh: " + xen.commandLog());
        assertTrue(xen.commandLog().stream().noneMatch(c -> c.startsWith("LC_ALL=C xl list")),
                "no xl list on its own: " + xen.commandLog());
        long virshExecs = kvm.commandLog().stream().filter(c -> c.contains("virsh")).count();
        assertEquals(4, virshExecs, "a first sample and three refreshes, one exec each: " + kvm.commandLog());

        JsonNode box = last.get("vbox1:box");
        assertEquals(1.96, box.get("cpuPercent").asDouble(), 1e-9,
                "VirtualBox's (0.37 + 0.12) % of the host's 4 CPUs, as % of one CPU: " + box);
        assertEquals(1536.0, box.get("netRxBps").asDouble(), "Net/Rate/Rx as VirtualBox reports it: " + box);
        assertEquals(512.0, box.get("netTxBps").asDouble());
        assertEquals(1024L * 1024 * 6 / 10 + 120 * 1024, box.get("memoryRssKiB").asLong(), "RAM/Usage/Used: " + box);
        for (String unknown : List.of("diskReadBps", "diskWriteBps", "memoryUsedKiB", "netRxBytes", "cpuTimeNs")) {
            assertTrue(box.get(unknown).isNull(), unknown + " is not read on VirtualBox: " + box);
        }
        assertEquals(4, count(vbox, "@@virtdeck:begin "),
                "one list script (list vms, showvminfo, metrics query) per refresh: " + vbox.commandLog());
        assertEquals(1, count(vbox, "metrics setup"), "collection set up once: " + vbox.commandLog());
        assertTrue(vbox.commandLog().stream().filter(c -> !c.contains("@@virtdeck:begin"))
                .noneMatch(c -> c.contains("list vms") || c.contains("showvminfo") || c.contains("metrics query")),
                "no step of the script as an exec of its own: " + vbox.commandLog());

        JsonNode guest = last.get("xcp1:guest");
        assertEquals(2.0, guest.get("cpuPercent").asDouble(), 1e-9, "VCPUs_utilisation 0.02 of one CPU: " + guest);
        assertEquals(512L * 1024, guest.get("memoryRssKiB").asLong(), "memory_actual: " + guest);
        for (String unknown : List.of("diskReadBps", "netRxBps", "memoryUsedKiB", "diskReadBytes")) {
            assertTrue(guest.get(unknown).isNull(), unknown + " is not read on XAPI: " + guest);
        }
        long refreshes = pool.callLog().stream().filter(c -> c.method().equals("event.from")).count();
        assertEquals(4, refreshes, "one event.from per refresh: " + pool.callLog());
        assertTrue(pool.callLog().stream().noneMatch(c -> c.method().startsWith("VM_metrics")),
                "the metrics come with event.from: " + pool.callLog());
    }

    static long count(SimHost h, String what) {
        return h.commandLog().stream().filter(c -> c.contains(what)).count();
    }
}
