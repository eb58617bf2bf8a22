package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.sim.xapi.SimXapiPool;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A VM created from a base image with a NIC, then {@code show -o json}, through the CLI against
 * simulated VirtualBox, xl and XenServer hosts over real SSH (issue 14, part 4). VirtualBox and
 * XenServer report the address the simulated guest tools give; XenServer refuses --image and
 * creates from a template instead.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ImageShowSimCliTest {
    static final String VBOX_BASE = "/srv/images/debian12.vdi";
    static final String XEN_BASE = "/srv/images/debian12.qcow2";

    @TempDir
    Path dir;
    final List<SimSshHost> sims = new ArrayList<>();
    SimHost vbox;
    SimHost xen;
    SimXapiPool pool;
    Path inventory;

    @BeforeEach
    void serve() throws Exception {
        vbox = SimHost.vbox("vbox1", VBoxVersion.V6_1);
        vbox.files().putImage(VBOX_BASE, 2L << 30);
        xen = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(4096).dom0MemoryMb(1024).addBridge("br-lab")
                .addTool("/usr/bin/qemu-img");
        xen.files().mkdir("/var/lib/xen/images").putImage(XEN_BASE, 1L << 30, "qcow2", null);
        pool = SimXapiPool.create("lab-pool").shutdownTimeout(Duration.ofMillis(300));
        SimHost xcp = pool.addHost("xcp1", true);
        pool.addNetwork("lab", "xenbr1");
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

    JsonNode shown(String target) throws Exception {
        LabCliTest.Run r = cli("show", target, "-o", "json");
        assertEquals(0, r.code(), r.out() + r.err());
        return LabCliTest.JSON.readTree(r.out()).get("vms").get(0);
    }

    @Test
    void virtualBoxVmOnABaseImageShowsItsDiskAndTheGuestAdditionsAddress() throws Exception {
        LabCliTest.Run made = cli("create", "vbox1", "web", "--vcpus", "1", "--memory", "256", "--image", VBOX_BASE,
                "--network", "bridge=eth0", "--start", "-o", "json");
        assertEquals(0, made.code(), made.out() + made.err());
        vbox.vm("web").guestAdditions(true).guestAddress("192.168.56.40");

        JsonNode vm = shown("vbox1:web");
        JsonNode disk = vm.get("disks").get(0);
        assertTrue(disk.get("source").asText().endsWith("/web-disk0.vdi"), disk.toString());
        assertEquals("vdi", disk.get("format").asText());
        JsonNode nic = vm.get("nics").get(0);
        assertEquals("bridged", nic.get("networkType").asText());
        assertEquals("eth0", nic.get("network").asText());
        JsonNode addr = nic.get("addresses").get(0);
        assertEquals("192.168.56.40", addr.get("address").asText(), vm.toString());
        assertEquals(24, addr.get("prefix").asInt());
        assertEquals("guest-metrics", addr.get("origin").asText());
        String child = vbox.vm("web").attachments().get(0).medium();
        String base = vbox.media().stream().filter(m -> m.path().equals(VBOX_BASE)).findFirst().orElseThrow().uuid();
        assertEquals(base, vbox.media().stream().filter(m -> m.path().equals(child)).findFirst().orElseThrow().parent(),
                "the disk shown is a differencing image on the base");
    }

    @Test
    void xlVmOnABaseImageShowsItsQcow2OverlayAndBridge() throws Exception {
        LabCliTest.Run made = cli("create", "xen1", "web", "--vcpus", "1", "--memory", "256", "--image", XEN_BASE,
                "--network", "bridge=br-lab", "--start", "-o", "json");
        assertEquals(0, made.code(), made.out() + made.err());
        JsonNode vm = shown("xen1:web");
        assertEquals("running", vm.get("state").asText());
        JsonNode disk = vm.get("disks").get(0);
        assertEquals("/var/lib/xen/images/web-xvda.qcow2", disk.get("source").asText(), vm.toString());
        assertEquals("qcow2", disk.get("format").asText());
        assertEquals(XEN_BASE, xen.files().backing("/var/lib/xen/images/web-xvda.qcow2").orElseThrow());
        assertEquals("br-lab", vm.get("nics").get(0).get("network").asText(), vm.toString());
    }

    @Test
    void xenServerRefusesAnImageAndATemplateVmShowsItsGuestToolsAddress() throws Exception {
        LabCliTest.Run image = cli("create", "xcp1", "img", "--vcpus", "1", "--memory", "128", "--image", XEN_BASE);
        assertEquals(1, image.code());
        assertTrue(image.err().contains("--template NAME"), image.err());
        assertTrue(pool.findVm("img").isEmpty());

        LabCliTest.Run made = cli("create", "xcp1", "web", "--vcpus", "1", "--memory", "128", "--template",
                "Other install media", "--network", "lab", "--start", "-o", "json");
        assertEquals(0, made.code(), made.out() + made.err());
        pool.vm("web").guestNetworks(Map.of("0/ip", "192.0.2.9", "0/ipv4/0", "192.0.2.9"));
        JsonNode nic = shown("xcp1:web").get("nics").get(0);
        assertEquals("lab", nic.get("network").asText(), nic.toString());
        JsonNode addr = nic.get("addresses").get(0);
        assertEquals("192.0.2.9", addr.get("address").asText(), nic.toString());
        assertEquals("guest-metrics", addr.get("origin").asText());
    }
}
