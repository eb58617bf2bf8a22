package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.virtdeck.cli.LabCliTest.fields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code show} against the real lab, through both transports (lab1 native API, lab2 virsh): a
 * throwaway guest of our own ({@code vdshow-*}) gets a disk through {@code attach-disk}, then
 * shows it with its size and bus, its serial console (with its pty once running) and autostart;
 * {@code --raw} is its domain XML as libvirt prints it. The shared guests are only read.
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabShowCliTest {
    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
    }

    @AfterEach
    void clean() {
        if (guests != null) guests.close();
    }

    LabCliTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliRaw(all.toArray(String[]::new));
    }

    private JsonNode showJson(String target) throws Exception {
        LabCliTest.Run r = cli("show", target, "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = r.json();
        assertEquals(List.of("vms", "errors"), fields(root));
        assertEquals(0, root.get("errors").size(), root.toString());
        JsonNode vm = root.get("vms").get(0);
        assertEquals(ShowCliTest.SHOW_FIELDS, fields(vm));
        for (JsonNode d : vm.get("disks")) assertEquals(ShowCliTest.DISK_FIELDS, fields(d));
        for (JsonNode c : vm.get("consoles")) assertEquals(ShowCliTest.CONSOLE_FIELDS, fields(c));
        return vm;
    }

    @Test
    void anAttachedDiskShowsWithSizeAndBusOnBothTransportsAndRawIsTheDomainXml() throws Exception {
        String vm = guests.define("vdshow-disk", lab.cmdline());
        LabCliTest.Run attach = cli("attach-disk", "lab1:" + vm, "--size", "16M");
        assertEquals(0, attach.code(), attach.err());
        LabCliTest.exec("virsh", "-c", LabGuests.URI, "autostart", vm);

        for (String host : List.of("lab1", "lab2")) {
            JsonNode j = showJson(host + ":" + vm);
            assertEquals("shutoff", j.get("state").asText());
            assertTrue(j.get("autostart").asBoolean(), host + ": " + j);
            assertEquals(1, j.get("disks").size(), j.toString());
            JsonNode disk = j.get("disks").get(0);
            assertEquals("vda", disk.get("target").asText());
            assertEquals("disk", disk.get("device").asText());
            assertEquals("virtio", disk.get("bus").asText());
            assertEquals("qcow2", disk.get("format").asText());
            assertTrue(disk.get("source").asText().startsWith("/var/lib/libvirt/images/"), disk.toString());
            assertEquals(16L << 20, disk.get("capacityBytes").asLong(), host + ": " + disk);
            assertTrue(disk.get("allocationBytes").asLong() > 0, disk.toString());
            JsonNode serial = j.get("consoles").get(0);
            assertEquals("serial", serial.get("kind").asText());
            assertEquals("pty", serial.get("type").asText());
            assertEquals(0, j.get("nics").size());
        }

        String xml = LabCliTest.exec("virsh", "-c", LabGuests.URI, "dumpxml", vm);
        for (String host : List.of("lab1", "lab2")) {
            LabCliTest.Run raw = cli("show", "--raw", host + ":" + vm);
            assertEquals(0, raw.code(), raw.err());
            assertEquals(xml.strip(), raw.out().strip(), host);
        }

        LabCliTest.exec("virsh", "-c", LabGuests.URI, "autostart", "--disable", vm);
        guests.start(vm);
        for (String host : List.of("lab1", "lab2")) {
            JsonNode j = showJson(host + ":" + vm);
            assertEquals("running", j.get("state").asText());
            assertFalse(j.get("autostart").asBoolean());
            assertTrue(j.get("consoles").get(0).get("path").asText().startsWith("/dev/pts/"), j.toString());
            assertEquals(16L << 20, j.get("disks").get(0).get("capacityBytes").asLong());
        }
    }

    @Test
    void aSharedLabGuestShowsItsConsoleAndAutostartInTheTable() throws Exception {
        String deaf = lab.guestDeaf();
        LabCliTest.Run r = cli("show", "lab2:" + deaf);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("VM          lab2:" + deaf + "\n"), r.out());
        assertTrue(r.out().contains("\nautostart   no\n"), r.out());
        assertTrue(r.out().contains("\nserial   pty   isa-serial 0"), r.out());
        assertTrue(r.out().contains("\nconsole  pty   serial 0"), r.out());
        LabCliTest.Run missing = cli("show", "lab1:" + deaf, "lab1:vdshow-none");
        assertEquals(2, missing.code(), "a selector matching nothing is a usage error: " + missing.err());
    }

    /**
     * Needs libvirt's default NAT network and a guest that asks for a DHCP lease (part 4 of issue
     * 14 adds both to the lab); skipped, saying so, where the lab has neither.
     */
    @Test
    void aNicOnTheDefaultNetworkShowsItsLeaseOnBothTransports() throws Exception {
        String nets = LabCliTest.exec("virsh", "-c", LabGuests.URI, "net-list", "--name");
        assumeTrue(nets.lines().anyMatch(l -> l.strip().equals("default")), "the lab has no active default network yet");
        String vm = guests.define("vdshow-nic", lab.cmdline());
        LabCliTest.exec("virsh", "-c", LabGuests.URI, "attach-interface", "--domain", vm, "--type", "network",
                "--source", "default", "--model", "virtio", "--config");
        guests.start(vm);
        JsonNode nic = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            nic = showJson("lab2:" + vm).get("nics").get(0);
            if (nic.get("addresses").size() > 0) break;
            Thread.sleep(1000);
        }
        assertNotNull(nic);
        assumeTrue(nic.get("addresses").size() > 0, "no lease within 90 s: the lab guest asks none (its init has no udhcpc)");
        String mac = nic.get("mac").asText();
        for (String host : List.of("lab1", "lab2")) {
            JsonNode n = showJson(host + ":" + vm).get("nics").get(0);
            assertEquals(ShowCliTest.NIC_FIELDS, fields(n));
            assertEquals(mac, n.get("mac").asText());
            assertEquals("network", n.get("networkType").asText());
            assertEquals("default", n.get("network").asText());
            assertEquals("virtio", n.get("model").asText());
            assertTrue(n.get("device").asText().startsWith("vnet"), n.toString());
            JsonNode a = n.get("addresses").get(0);
            assertEquals(ShowCliTest.ADDRESS_FIELDS, fields(a));
            assertEquals("lease", a.get("origin").asText());
            assertEquals("ipv4", a.get("family").asText());
            assertTrue(a.get("prefix").asInt() > 0, a.toString());
            assertTrue(LabCliTest.exec("virsh", "-c", LabGuests.URI, "net-dhcp-leases", "default")
                    .contains(a.get("address").asText() + "/"), host + ": the address libvirt leased: " + a);
        }
    }
}
