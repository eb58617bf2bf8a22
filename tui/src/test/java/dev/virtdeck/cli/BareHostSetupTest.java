package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code host-check} and {@code host-setup --kvm} for real on a fresh Debian 12 host (lab/bare/up.sh: a
 * debootstrapped minbase with only sshd, in its own namespaces, reached over SSH at 10.203.0.2): first it has
 * no toolstack (installable), the dry runs change nothing, the setup installs libvirt and QEMU from Debian's
 * packages and starts the daemon, then host-check says ready, {@code list} works, and a second setup is a no-op.
 * Tag {@code bare}: run by lab/bare/run-tests.sh after lab/test.sh's Maven stage (the rootfs is built in the
 * background meanwhile). Each run starts from a fresh host ({@code up.sh} resets the overlay).
 */
@Tag("bare")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BareHostSetupTest {
    static Path inventory;

    @BeforeAll
    static void freshHost() throws Exception {
        inventory = LabEnv.freshBareHost();
    }

    static LabCliTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", inventory.toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliRaw(all.toArray(String[]::new));
    }

    static JsonNode kvmCheck() throws Exception {
        LabCliTest.Run r = cli("host-check", "bare", "-o", "json");
        assertEquals(0, r.code(), r.err());
        return HostCheckSimCliTest.check(r.json().get("hosts").get(0), "kvm");
    }

    @Test
    @Order(1)
    void aHostWithNoToolstackIsInstallableAndDryRunsChangeNothing() throws Exception {
        LabCliTest.Run info = cli("list");
        assertEquals(1, info.code(), info.out());
        assertTrue(info.err().contains("no hypervisor toolstack found"), info.err());

        JsonNode kvm = kvmCheck();
        assertEquals("installable", kvm.get("verdict").asText(), kvm.toString());
        assertEquals("virtdeck host-setup bare --kvm", kvm.get("next").asText());

        LabCliTest.Run plan = cli("host-setup", "bare", "--kvm", "--dry-run");
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("plan for bare (Debian GNU/Linux 12 (bookworm)), KVM/libvirt:"), plan.out());
        assertTrue(plan.out().contains("$ LC_ALL=C apt-get update"), plan.out());
        assertTrue(plan.out().contains("apt-get install -y --no-install-recommends qemu-system-x86 qemu-utils"
                + " libvirt-daemon-system libvirt-clients dnsmasq-base"), plan.out());
        assertFalse(plan.out().contains("[1/"), plan.out()); // nothing ran

        LabCliTest.Run xen = cli("host-setup", "bare", "--xen", "--dry-run", "-o", "json");
        assertEquals(0, xen.code(), xen.err());
        JsonNode x = xen.json();
        assertFalse(x.get("applied").asBoolean());
        assertTrue(x.get("steps").toString().contains("xen-system-amd64"), x.toString());
        assertTrue(x.get("notes").toString().contains("a reboot into Xen is needed"), x.toString());
        assertTrue(x.get("notes").toString().contains("/etc/default/grub.d/xen.cfg"), x.toString());

        assertEquals("installable", kvmCheck().get("verdict").asText()); // still nothing installed
    }

    @Test
    @Order(2)
    void setupInstallsLibvirtAndQemuThenTheHostIsReadyListsAndASecondRunIsANoOp() throws Exception {
        LabCliTest.Run setup = cli("host-setup", "bare", "--kvm");
        assertEquals(0, setup.code(), setup.out() + setup.err());
        assertTrue(setup.out().contains("[1/3] refresh the package lists\n  $ LC_ALL=C apt-get update"), setup.out());
        assertTrue(setup.out().contains("[3/3] start virtlogd and libvirtd"), setup.out());
        assertTrue(setup.out().contains("bare: KVM/libvirt is ready"), setup.out());

        assertEquals("ready", kvmCheck().get("verdict").asText());
        LabCliTest.Run list = cli("list", "-o", "json");
        assertEquals(0, list.code(), list.err());
        JsonNode host = list.json().get("hosts").get(0);
        assertTrue(host.get("ok").asBoolean(), host.toString());
        assertEquals("libvirt", host.get("drivers").get(0).asText(), host.toString());

        LabCliTest.Run again = cli("host-setup", "bare", "--kvm");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("nothing to do: bare already has KVM/libvirt set up"), again.out());
        assertTrue(again.out().contains("already: libvirt's daemon runs"), again.out());
        assertFalse(again.out().contains("[1/"), again.out());
    }
}
