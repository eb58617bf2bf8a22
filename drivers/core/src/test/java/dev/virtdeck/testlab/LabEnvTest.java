package dev.virtdeck.testlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabEnvTest {
    @Test
    void parsesTheShellSourceableFile(@TempDir Path dir) throws Exception {
        Path env = dir.resolve("lab.env");
        Files.writeString(env, String.join("\n", "# generated", "LAB_SSH_HOST=127.0.0.1", "LAB_SSH_PORT=2201",
                "export LAB_SSH_HOST2=127.0.1.2", "LAB_SSH_PORT2='2202'", "LAB_USER=root",
                "LAB_KEY=\"" + dir + "/id_ed25519\"", "LAB_KNOWN_HOSTS=" + dir + "/known_hosts",
                "LAB_KERNEL=/k", "LAB_INITRD=/i", "LAB_DOMAIN_TYPE=kvm", "LAB_GUEST_DEAF=vd-deaf", "LAB_GUEST_ACPI=",
                "LAB_URI=qemu:///system", "LAB_CMDLINE='console=ttyS0 quiet'", ""));
        LabEnv lab = LabEnv.load(env);
        assertEquals(2201, lab.port());
        assertEquals(2202, lab.port2());
        assertEquals("127.0.1.2", lab.host2());
        assertEquals(dir.resolve("id_ed25519"), lab.key());
        assertFalse(lab.hasAcpiGuest());
        assertEquals("console=ttyS0 quiet", lab.cmdline());
        assertEquals(dir.resolve("inventory.yaml"), lab.inventory());
        assertEquals("lab2", lab.target2().name());
        assertEquals(List.of(lab.key()), lab.target1().identityFiles());
        assertEquals(2201, lab.target1().port());
        assertTrue(lab.target1().jump() == null && !lab.target1().acceptNew());
    }
}
