package dev.virtdeck.testlab;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * lab/virt-probe.sh on the real libvirtd: with the kvm candidate made "present but broken" (a
 * guest that never writes to its serial port, as on the nested Intel hosts where a writable
 * /dev/kvm runs nothing) the probe must fall back to TCG and say why; and the lab's own verified
 * type must be one that really booted.
 */
@Tag("lab")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class VirtProbeLabTest {
    @TempDir
    Path dir;

    @Test
    void aKvmThatPrintsNothingFallsBackToTcgAndSaysWhy() throws Exception {
        LabEnv lab = LabEnv.require();
        Path out = dir.resolve("probe.env");
        Path script = Path.of("..", "..", "lab", "virt-probe.sh").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), lab.kernel().toString(),
                lab.initrd().toString(), out.toString()).redirectErrorStream(true);
        pb.environment().putAll(Map.of("LAB_PROBE_SIMULATE_BROKEN_KVM", "1", "LAB_PROBE_KVM_TIMEOUT", "8"));
        long t0 = System.nanoTime();
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(200, TimeUnit.SECONDS), log);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertEquals(0, p.exitValue(), log);
        Map<String, String> probe = LabEnv.parse(out);
        assertEquals("qemu", probe.get("PROBE_TYPE"), log);
        String reason = probe.get("PROBE_REASON");
        assertTrue(reason.contains("kvm candidate simulated broken"), reason);
        assertTrue(reason.contains("kvm guest printed 0 bytes and no shell on its serial console within 8 s"), reason);
        assertTrue(reason.matches(".*a qemu \\(TCG\\) guest booted to its shell in \\d+ s.*"), reason);
        assertTrue(seconds >= 8, "the broken candidate was given its 8 s: " + seconds);
        assertTrue(Files.readString(out).contains("PROBE_TYPE=qemu"));
    }

    @Test
    void theLabRecordsTheTypeItVerifiedAndWhy() {
        LabEnv lab = LabEnv.require();
        String reason = lab.vars().get("LAB_DOMAIN_TYPE_REASON");
        assertTrue(reason != null && reason.contains("a " + lab.domainType()), "lab.env says why: " + reason);
        assertTrue(reason.contains("guest booted to its shell"), reason);
    }
}
