package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code host-check} against the real lab host (this machine through its sshd): libvirt with QEMU runs, so
 * KVM is judged ready until proven; {@code --probe} then boots this machine's /boot kernel under KVM and must
 * agree with the lab's own boot probe (lab/virt-probe.sh, {@code LAB_DOMAIN_TYPE}): where KVM cannot boot a
 * guest (this kind of nested machine) it says impossible and shows the TCG boot that worked.
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabHostCheckCliTest {
    LabEnv lab;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
    }

    LabCliTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliRaw(all.toArray(String[]::new));
    }

    @Test
    void theLabHostIsReadyForLibvirtAndTheProbeAgreesWithTheLabsOwnBootProbe() throws Exception {
        LabCliTest.Run r = cli("host-check", "lab1", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode host = r.json().get("hosts").get(0);
        JsonNode kvm = HostCheckSimCliTest.check(host, "kvm");
        assertEquals("ready", kvm.get("verdict").asText(), kvm.toString());
        assertTrue(kvm.get("evidence").toString().contains("libvirt: virsh "), kvm.toString());
        assertEquals("debian", host.get("survey").get("osId").asText());

        String type = lab.var("LAB_DOMAIN_TYPE");
        LabCliTest.Run p = cli("host-check", "lab1", "--probe", "-o", "json");
        assertEquals(0, p.code(), p.err());
        JsonNode probed = p.json().get("hosts").get(0);
        JsonNode verdict = HostCheckSimCliTest.check(probed, "kvm");
        JsonNode probe = probed.get("probe");
        if ("kvm".equals(type)) {
            assertEquals("ready", verdict.get("verdict").asText(), verdict.toString());
            assertTrue(probe.get("kvm").get("booted").asBoolean(), probe.toString());
        } else {
            assertEquals("impossible", verdict.get("verdict").asText(), verdict.toString());
            assertTrue(!probe.get("kvm").get("booted").asBoolean(), probe.toString());
            assertTrue(probe.get("tcg").get("booted").asBoolean(), probe.toString());
            assertTrue(probe.get("tcg").get("detail").asText().startsWith("Linux version "), probe.toString());
            assertTrue(verdict.get("next").asText().contains("--virt-type qemu"), verdict.toString());
        }
    }
}
