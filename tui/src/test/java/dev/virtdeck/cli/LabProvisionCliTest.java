package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.virtdeck.cli.LabCliTest.assertOk;
import static dev.virtdeck.cli.LabCliTest.cliRaw;
import static dev.virtdeck.cli.LabCliTest.domstate;
import static dev.virtdeck.cli.LabCliTest.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 14 part 4 against the real lab: a VM created from a base image (a copy-on-write overlay)
 * gets a NIC on libvirt's default NAT network by default and a DHCP lease from it; its clone
 * boots (it gets a lease of its own, under a new MAC); autostart turns on and off. The create
 * runs over the native transport (lab1), clone and autostart over virsh (lab2). The base image is
 * never written.
 */
@Tag("lab")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class LabProvisionCliTest {
    static final String URI = "qemu:///system";
    static final Pattern IPV4 = Pattern.compile("(\\S+)\\s+ipv4\\s+(\\d+\\.\\d+\\.\\d+\\.\\d+)/\\d+");

    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;
    Path base;

    @BeforeEach
    void lab() throws Exception {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
        base = Path.of("/var/lib/libvirt/images/vdg-prov-base-" + ProcessHandle.current().pid() + ".qcow2");
        exec("qemu-img", "create", "-q", "-f", "qcow2", base.toString(), "64M");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (guests != null) guests.close();
        if (base != null) Files.deleteIfExists(base);
    }

    LabCliTest.Run cli(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "-i";
        all[1] = lab.inventory().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return cliRaw(all);
    }

    @Test
    void aVmFromABaseImageGetsALeaseItsCloneBootsAndAutostartToggles() throws Exception {
        assertEquals("default", lab.var("LAB_NETWORK"), "lab/setup.sh could not start libvirt's default network:"
                + " see its log (network: ...)");
        String vm = "vdg-prov-" + ProcessHandle.current().pid();
        String copy = vm + "-clone";
        guests.track(vm);
        guests.track(copy);
        String before = sha256(base);

        LabCliTest.Run made = cli("create", "lab1", vm, "--image", base.toString(), "--kernel", lab.kernel().toString(),
                "--initrd", lab.initrd().toString(), "--vcpus", "1", "--memory", "160", "--virt-type", lab.domainType(),
                "--start", "-o", "json");
        assertOk(made, "lab1:" + vm);
        String message = made.json().get("results").get(0).get("message").asText();
        assertTrue(message.contains(" over " + base) && message.endsWith(", network default)"), message);
        String overlay = exec("virsh", "-c", URI, "domblklist", vm, "--details").lines()
                .filter(l -> l.contains(" vda ")).map(l -> l.strip().split("\\s+")[3]).findFirst().orElseThrow();
        assertTrue(exec("qemu-img", "info", "-U", overlay).contains("backing file: " + base), "an overlay on the base");

        String[] lease = awaitLease(vm);
        assertEquals(mac(vm), lease[0], "the lease is the VM's NIC's");
        assertTrue(lease[1].startsWith("192.168.122."), lease[1]);
        assertShown("lab1", vm, lease, overlay);

        // a running source is refused, nothing made
        LabCliTest.Run refused = cli("clone", "lab2:" + vm, copy, "-o", "json");
        assertEquals(ExitCodes.FAILED, refused.code(), refused.out() + refused.err());
        assertTrue(refused.json().get("results").get(0).get("message").asText().contains("shut it down first"));
        assertFalse(LabGuests.exists(copy));

        assertOk(cli("poweroff", "lab2:" + vm, "-o", "json"), "lab2:" + vm);
        LabCliTest.Run plan = cli("clone", "lab2:" + vm, copy, "--dry-run", "-o", "json");
        assertEquals(0, plan.code(), plan.out() + plan.err());
        assertEquals("would clone it as " + copy, plan.json().get("plan").get(0).get("message").asText());
        assertFalse(LabGuests.exists(copy), "a dry run makes nothing");

        assertOk(cli("clone", "lab2:" + vm, copy, "--start", "-o", "json"), "lab2:" + vm);
        assertEquals("running", domstate(copy));
        String[] cloneLease = awaitLease(copy);
        assertEquals(mac(copy), cloneLease[0]);
        assertNotEquals(lease[0], cloneLease[0], "the clone has a MAC of its own");
        String cloneDisk = exec("virsh", "-c", URI, "domblklist", copy, "--details").lines()
                .filter(l -> l.contains(" vda ")).map(l -> l.strip().split("\\s+")[3]).findFirst().orElseThrow();
        assertNotEquals(overlay, cloneDisk, "the clone writes a disk of its own");
        assertTrue(exec("qemu-img", "info", "-U", cloneDisk).contains("backing file: " + base), "on the same base");
        assertShown("lab2", copy, cloneLease, cloneDisk);

        assertOk(cli("autostart", "lab2:" + copy, "on", "-o", "json"), "lab2:" + copy);
        assertTrue(exec("virsh", "-c", URI, "dominfo", copy).matches("(?s).*Autostart:\\s+enable.*"));
        assertOk(cli("autostart", "lab1:" + copy, "off", "-o", "json"), "lab1:" + copy);
        assertTrue(exec("virsh", "-c", URI, "dominfo", copy).matches("(?s).*Autostart:\\s+disable.*"));

        assertEquals(before, sha256(base), "the base image is never written");
    }

    /** {@code show -o json} reports the NIC on the default network with its leased address, and the disk. */
    void assertShown(String host, String vm, String[] lease, String disk) throws Exception {
        LabCliTest.Run shown = cli("show", host + ":" + vm, "-o", "json");
        assertEquals(0, shown.code(), shown.out() + shown.err());
        JsonNode v = shown.json().get("vms").get(0);
        JsonNode nic = v.get("nics").get(0);
        assertEquals(lease[0], nic.get("mac").asText(), v.toString());
        assertEquals("network", nic.get("networkType").asText());
        assertEquals("default", nic.get("network").asText());
        JsonNode addr = nic.get("addresses").get(0);
        assertEquals(lease[1], addr.get("address").asText(), nic.toString());
        assertEquals("lease", addr.get("origin").asText());
        assertEquals("ipv4", addr.get("family").asText());
        assertEquals(disk, v.get("disks").get(0).get("source").asText(), v.get("disks").toString());
    }

    /** @return MAC and IPv4 address of the VM's first DHCP lease, waiting for the guest to boot and ask */
    static String[] awaitLease(String vm) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String out = "";
        while (System.nanoTime() < deadline) {
            out = exec("virsh", "-c", URI, "domifaddr", vm, "--source", "lease");
            for (String line : out.lines().toList()) {
                Matcher m = IPV4.matcher(line.strip());
                if (m.find()) return new String[]{line.strip().split("\\s+")[1], m.group(2)};
            }
            Thread.sleep(500);
        }
        return fail(vm + ": no DHCP lease within 120 s:\n" + out);
    }

    static String mac(String vm) throws Exception {
        List<String> rows = exec("virsh", "-c", URI, "domiflist", vm).lines().filter(l -> l.contains("default")).toList();
        assertEquals(1, rows.size(), rows.toString());
        String[] f = rows.get(0).strip().split("\\s+");
        return f[f.length - 1];
    }

    static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }
}
