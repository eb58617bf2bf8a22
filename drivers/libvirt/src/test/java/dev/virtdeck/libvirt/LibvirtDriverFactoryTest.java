package dev.virtdeck.libvirt;

import dev.virtdeck.testlab.ScriptedSsh;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.Transport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opening the virsh transport costs no exec; a host whose login cannot find virsh (issue 10:
 * remote tool missing) is named by the first virsh command, through sh or through sudo.
 */
class LibvirtDriverFactoryTest {
    static final LibvirtSettings VIRSH = new LibvirtSettings("qemu:///system", Transport.VIRSH);
    static final String NO_VIRSH = "virsh not found on the host's PATH (the virsh transport needs it:"
            + " install libvirt-clients, or use transport: native)";

    @Test
    void openingRunsNothingOnTheHost() throws Exception {
        ScriptedSsh ssh = new ScriptedSsh();
        try (HypervisorDriver d = LibvirtDriverFactory.open("kvm9", ssh, VIRSH, false, Trace.NONE)) {
            assertEquals("libvirt", d.kind());
        }
        assertEquals(List.of(), ssh.commands);
    }

    @Test
    void aLoginWithoutVirshIsNamedByTheListItself() throws Exception {
        // dash: exit 127 and "sh: 1: virsh: not found"
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("virsh"), new ScriptedSsh.Answer(127, "", "sh: 1: virsh: not found\n"));
        try (HypervisorDriver d = LibvirtDriverFactory.open("kvm9", ssh, VIRSH, false, Trace.NONE)) {
            CommandFailedException e = assertThrows(CommandFailedException.class, d::list);
            assertEquals("kvm9", e.host());
            assertTrue(e.command().startsWith("LC_ALL=C virsh -c qemu:///system 'list --all"), e.command());
            assertEquals("kvm9: `" + e.command() + "` exited 127: " + NO_VIRSH, e.getMessage());
            assertEquals(1, ssh.commands.size(), "one exec: the list");
        }
    }

    @Test
    void throughSudoTheActionSaysTheSame() throws Exception {
        // sudo -n: exit 1 and "sudo: virsh: command not found"
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("virsh"), new ScriptedSsh.Answer(1, "", "sudo: virsh: command not found\n"));
        try (HypervisorDriver d = LibvirtDriverFactory.open("kvm9", ssh, VIRSH, true, Trace.NONE)) {
            CommandFailedException e = assertThrows(CommandFailedException.class, () -> d.start("vm 1"));
            assertEquals("kvm9: vm 1: `sudo -n LC_ALL=C virsh -c qemu:///system start --domain 'vm 1'` exited 1: "
                    + NO_VIRSH, e.getMessage());
        }
    }

    @Test
    void virshsOwnFailureIsNotMistakenForAMissingVirsh() throws Exception {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("virsh"),
                ScriptedSsh.Answer.fail("error: failed to connect to the hypervisor\nerror: Failed to connect socket\n"));
        try (HypervisorDriver d = LibvirtDriverFactory.open("kvm9", ssh, VIRSH, false, Trace.NONE)) {
            CommandFailedException e = assertThrows(CommandFailedException.class, d::list);
            assertTrue(e.getMessage().endsWith("exited 1: error: failed to connect to the hypervisor\n"
                    + "error: Failed to connect socket"), e.getMessage());
        }
    }
}
