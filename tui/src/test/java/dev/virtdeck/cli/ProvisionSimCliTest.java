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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code create --network}, {@code clone} and {@code autostart} through the CLI against simulated
 * VirtualBox, xl and XenServer hosts over real SSH (issue 14, part 4, beyond libvirt).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ProvisionSimCliTest {
    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost vbox;
    SimHost xen;
    SimXapiPool pool;
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        vbox = SimHost.vbox("vbox1", VBoxVersion.V7_0);
        vbox.addMedium(new SimHost.Medium("/srv/iso/inst.iso", "6b3c0b9e-0000-4000-8000-000000000001", 300, "RAW"));
        vbox.addVm("web").memory(512).state(VmPowerState.RUNNING);
        xen = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(4096).dom0MemoryMb(1024).addBridge("br-lab");
        xen.addXenGuest("domu", 256, 256, 1, 1).state(VmPowerState.RUNNING);
        xen.files().mkdir("/etc/xen/auto");
        pool = SimXapiPool.create("lab-pool").shutdownTimeout(Duration.ofMillis(300));
        SimHost xcp = pool.addHost("xcp1", true);
        pool.addNetwork("lab", "xenbr1");
        pool.addVm("db").memoryMb(256).addDisk("db disk", 64);
        pool.addVm("app").memoryMb(256).state(XapiPowerState.RUNNING).residentOn(xcp);
        Map<SimHost, String> drivers = Map.of(vbox, "vbox", xen, "xl", xcp, "xapi");
        StringBuilder inv = new StringBuilder("hosts:\n");
        for (SimHost h : List.of(vbox, xen, xcp)) {
            SimSshHost s = SimSshHost.start(h, Files.createDirectories(dir.resolve(h.hostname())));
            sims.add(s);
            inv.append("  ").append(h.hostname()).append(": {address: 127.0.0.1, port: ").append(s.port())
                    .append(", user: root, identity: ").append(s.key()).append(", known_hosts: ").append(s.knownHosts())
                    .append(", drivers: [").append(drivers.get(h)).append("]}\n");
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

    static String message(LabCliTest.Run r) throws Exception {
        return LabCliTest.JSON.readTree(r.out()).get("results").get(0).get("message").asText();
    }

    @Test
    void virtualBoxCreateBridgedThenCloneStartedAndAutostart() throws Exception {
        LabCliTest.Run made = cli("create", "vbox1", "base", "--vcpus", "1", "--memory", "128", "--iso",
                "/srv/iso/inst.iso", "--network", "bridge=eth0", "-o", "json");
        assertEquals(0, made.code(), made.out() + made.err());
        assertTrue(message(made).contains("NIC 1 bridged to eth0"), made.out());
        assertEquals("bridged", vbox.vm("base").nicMode());
        assertEquals("eth0", vbox.vm("base").nicTarget());

        LabCliTest.Run running = cli("clone", "vbox1:web", "web2");
        assertEquals(1, running.code(), "a running source is refused");
        assertTrue(vbox.findVm("web2").isEmpty());

        LabCliTest.Run cloned = cli("clone", "vbox1:base", "twin", "--start", "-o", "json");
        assertEquals(0, cloned.code(), cloned.out() + cloned.err());
        assertTrue(message(cloned).startsWith("cloned as twin and started"), cloned.out());
        assertEquals(VmPowerState.RUNNING, vbox.vm("twin").state());
        assertEquals("eth0", vbox.vm("twin").nicTarget());

        LabCliTest.Run on = cli("autostart", "vbox1:base", "on", "-o", "json");
        assertEquals(0, on.code(), on.out() + on.err());
        assertTrue(vbox.vm("base").autostart());
        LabCliTest.Run live = cli("autostart", "vbox1:twin", "on");
        assertEquals(1, live.code(), "VirtualBox changes it only while the VM is powered off");
        assertTrue(live.err().contains("powered off"), live.err());
        assertFalse(vbox.vm("twin").autostart());

        LabCliTest.Run named = cli("create", "vbox1", "n", "--vcpus", "1", "--memory", "128", "--iso",
                "/srv/iso/inst.iso", "--network", "default");
        assertEquals(1, named.code());
        assertTrue(named.err().contains("VirtualBox's create takes --network nat, bridge=IF or none"), named.err());
        assertTrue(vbox.findVm("n").isEmpty());
    }

    @Test
    void xlCreateOnABridgeAutostartAndCloneUnsupported() throws Exception {
        LabCliTest.Run made = cli("create", "xen1", "web", "--vcpus", "1", "--memory", "64", "--kernel", "/k",
                "--initrd", "/i", "--network", "bridge=br-lab", "--start");
        assertEquals(0, made.code(), made.out() + made.err());
        assertTrue(xen.files().get("/etc/xen/web.cfg").orElseThrow().content().contains("vif         = [ \"bridge=br-lab\" ]"),
                xen.files().get("/etc/xen/web.cfg").orElseThrow().content());
        assertEquals("br-lab", xen.vm("web").nicTarget());

        LabCliTest.Run on = cli("autostart", "xen1:web", "on");
        assertEquals(0, on.code(), on.out() + on.err());
        assertEquals(Optional.of("/etc/xen/web.cfg"), xen.files().readlink("/etc/xen/auto/web.cfg"));
        assertEquals(0, cli("autostart", "xen1:web", "off").code());
        assertTrue(xen.files().readlink("/etc/xen/auto/web.cfg").isEmpty());

        LabCliTest.Run clone = cli("clone", "xen1:domu", "copy", "-o", "json");
        assertEquals(1, clone.code());
        JsonNode r = LabCliTest.JSON.readTree(clone.out()).get("results").get(0);
        assertEquals("unsupported", r.get("outcome").asText(), r.toString());
        assertTrue(r.get("message").asText().contains("the toolstack has no clone"), r.toString());

        LabCliTest.Run named = cli("create", "xen1", "x", "--vcpus", "1", "--memory", "64", "--kernel", "/k",
                "--initrd", "/i", "--network", "default", "--dry-run");
        assertTrue(named.out().contains("xl joins a vif to a host bridge"), named.out() + named.err());
    }

    @Test
    void xapiCreateOnANetworkCloneAndAutostart() throws Exception {
        LabCliTest.Run made = cli("create", "xcp1", "web", "--vcpus", "1", "--memory", "128", "--template",
                "Other install media", "--network", "lab", "-o", "json");
        assertEquals(0, made.code(), made.out() + made.err());
        assertTrue(message(made).endsWith(", network lab"), made.out());
        assertEquals(1, pool.vifs(pool.vm("web")).size());

        LabCliTest.Run cloned = cli("clone", "xcp1:db", "db2", "--start", "-o", "json");
        assertEquals(0, cloned.code(), cloned.out() + cloned.err());
        assertEquals(XapiPowerState.RUNNING, pool.vm("db2").powerState());
        assertEquals(XapiPowerState.HALTED, pool.vm("db").powerState());

        LabCliTest.Run on = cli("autostart", "xcp1:app", "on", "-o", "json");
        assertEquals(0, on.code(), on.out() + on.err());
        assertEquals("true", pool.vm("app").otherConfig().get("auto_poweron"));
        assertTrue(message(on).contains("pool's other-config:auto_poweron is not true"), on.out());
    }
    /**
     * No boot source at all: VirtualBox registers a VM with no medium (createvm, as an admin does to
     * attach media or boot from the network later), XAPI clones its install-media template; xl refuses,
     * as a domain config needs a kernel or a disk to boot (only the host's driver tells which).
     */
    @Test
    void anEmptyVmWhereTheHypervisorCanMakeOne() throws Exception {
        LabCliTest.Run box = cli("create", "vbox1", "blank", "--vcpus", "1", "--memory", "128", "-o", "json");
        assertEquals(0, box.code(), box.out() + box.err());
        assertTrue(box.out().contains("createvm --name blank --register"), box.out());
        assertFalse(box.out().contains("storageattach"), "no medium is attached: " + box.out());
        assertTrue(vbox.vm("blank").attachments().isEmpty(), vbox.vm("blank").attachments().toString());
        assertEquals(VmPowerState.POWEROFF, vbox.vm("blank").state());

        LabCliTest.Run disk = cli("create", "vbox1", "pxe", "--vcpus", "1", "--memory", "128", "--disk", "1G");
        assertEquals(0, disk.code(), disk.out() + disk.err());
        assertEquals(1, vbox.vm("pxe").attachments().size(), vbox.vm("pxe").attachments().toString());

        LabCliTest.Run xcp = cli("create", "xcp1", "blank", "--vcpus", "1", "--memory", "128", "-o", "json");
        assertEquals(0, xcp.code(), xcp.out() + xcp.err());
        assertEquals(XapiPowerState.HALTED, pool.vm("blank").powerState());

        LabCliTest.Run xl = cli("create", "xen1", "blank", "--vcpus", "1", "--memory", "64", "-o", "json");
        assertEquals(1, xl.code(), "a failed target, not a usage error: " + xl.out() + xl.err());
        assertTrue(message(xl).contains("an empty VM (no --kernel/--initrd, --iso, --image or --template) is made on"
                + " VirtualBox and XenServer/XCP-ng hosts only; on xl give --kernel PATH"), xl.out());
        LabCliTest.Run plan = cli("create", "xen1", "blank", "--vcpus", "1", "--memory", "64", "--dry-run");
        assertEquals(1, plan.code(), "the plan says so too: " + plan.out() + plan.err());
        assertTrue(plan.out().contains("an empty VM"), plan.out());
        assertTrue(xen.files().get("/etc/xen/blank.cfg").isEmpty(), "nothing written");
    }
}
