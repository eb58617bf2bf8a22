package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.testlab.LabSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10, remote tool missing, against the real lab: a throwaway sshd whose login's PATH has no
 * virsh and no virt-ssh-helper ({@code sh} itself is found by its absolute path), serving the
 * lab's libvirtd. Three inventory hosts reach it: the virsh transport, the native transport (which
 * needs virt-ssh-helper) and no {@code drivers:} (auto-detection). Each is a host error naming the
 * host and the command, exit 1, well within the connect timeout.
 */
@Tag("lab")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LabFaultToolCliTest {
    static final String VIRSH_MISSING = "exited 127: virsh not found on the host's PATH"
            + " (the virsh transport needs it: install libvirt-clients, or use transport: native)";
    /** {@code hosts} probes the tool when it connects. */
    static final String NO_VIRSH = "`LC_ALL=C virsh -c qemu:///system --version` " + VIRSH_MISSING;
    /** An action resolves its targets with the host's list, whose own exit says virsh is missing. */
    static final String NO_VIRSH_LIST = "not attempted: `LC_ALL=C virsh -c qemu:///system 'list --all --uuid --name; echo"
            + " @@virtdeck-section@@; list --all --transient --name; echo @@virtdeck-section@@; list --all"
            + " --with-managed-save --name; echo @@virtdeck-section@@; domstats --raw --state --cpu-total --balloon"
            + " --vcpu --block --interface'` " + VIRSH_MISSING;
    static final String NO_HELPER = "`LC_ALL=C virt-ssh-helper qemu:///system` exited 127: End of file while reading"
            + " data: Input/output error (virt-ssh-helper: sh: 1: virt-ssh-helper: not found)";
    static final String NO_TOOLS = "no hypervisor toolstack found (looked for virsh, xe, xl, xm, VBoxManage)";

    @TempDir
    Path dir;
    LabEnv lab;
    LabSshd sshd;
    Path inventory;

    @BeforeEach
    void sshdWithoutTools() throws Exception {
        lab = LabEnv.require();
        sshd = LabSshd.start(dir, lab, "SetEnv PATH=/usr/local/nothing");
        inventory = dir.resolve("inventory.yaml");
        Files.writeString(inventory, "defaults: {user: " + lab.user() + ", identity: " + lab.key()
                + ", known_hosts: " + sshd.knownHosts() + "}\n"
                + "hosts:\n"
                + "  novirsh: {address: 127.0.0.1, port: " + sshd.port()
                + ", drivers: [libvirt], libvirt: {uri: 'qemu:///system', transport: virsh}}\n"
                + "  nohelper: {address: 127.0.0.1, port: " + sshd.port()
                + ", drivers: [libvirt], libvirt: {uri: 'qemu:///system', transport: native}}\n"
                + "  notools: {address: 127.0.0.1, port: " + sshd.port() + "}\n");
    }

    @AfterEach
    void stopSshd() throws Exception {
        if (sshd != null) sshd.close();
    }

    @Test
    void hostsNamesTheMissingToolOfEveryHost() throws Exception {
        long t0 = System.nanoTime();
        LabCliTest.Run r = LabCliTest.cliRaw("-i", inventory.toString(), "hosts", "-o", "json");
        assertFast(t0);
        assertEquals(ExitCodes.FAILED, r.code(), r.out() + r.err());
        JsonNode hosts = r.json().get("hosts");
        assertEquals(List.of("novirsh", "nohelper", "notools"), hosts.findValuesAsText("host"));
        List<String> errors = List.of(NO_VIRSH, NO_HELPER, NO_TOOLS);
        for (int i = 0; i < 3; i++) {
            JsonNode h = hosts.get(i);
            assertFalse(h.get("ok").asBoolean(), h.toString());
            assertEquals(errors.get(i), h.get("error").asText());
            assertTrue(r.err().contains("virtdeck: " + h.get("host").asText() + ": " + errors.get(i) + "\n"), r.err());
        }
    }

    @Test
    void anActionOnTheseHostsFailsEachTargetWithItsHostsErrorAndRunsNothingElse() throws Exception {
        long t0 = System.nanoTime();
        LabCliTest.Run r = LabCliTest.cliRaw("-i", inventory.toString(), "start", "novirsh:vdg-tool",
                "nohelper:vdg-tool", "notools:vdg-*", "-o", "json");
        assertFast(t0);
        assertEquals(ExitCodes.FAILED, r.code(), r.out() + r.err());
        JsonNode res = r.json().get("results");
        assertEquals(List.of("novirsh:vdg-tool", "nohelper:vdg-tool", "notools:vdg-*"), res.findValuesAsText("target"));
        List<String> errors = List.of(NO_VIRSH_LIST, NO_HELPER, NO_TOOLS);
        for (int i = 0; i < 3; i++) {
            assertEquals("failed", res.get(i).get("outcome").asText(), res.get(i).toString());
            assertEquals(errors.get(i), res.get(i).get("message").asText());
            assertTrue(res.get(i).get("command").isNull(), "nothing was sent for the target: " + res.get(i));
        }
        for (String h : List.of("novirsh", "nohelper", "notools")) {
            assertTrue(r.err().contains("virtdeck: " + h + ": "), r.err());
        }
    }

    /** A missing tool is an answer, not a hang: well under the 10 s connect timeout. */
    static void assertFast(long t0) {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms < 10_000, "took " + ms + " ms");
    }
}
