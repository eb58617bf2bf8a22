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

/** Opening the virsh transport on a host whose login cannot find virsh (issue 10: remote tool missing). */
class LibvirtDriverFactoryTest {
    static final LibvirtSettings VIRSH = new LibvirtSettings("qemu:///system", Transport.VIRSH);

    @Test
    void aHostWithoutVirshIsAHostErrorNamingHostAndProbe() {
        // dash: `command -v virsh` prints nothing and exits 127 when virsh is not on the PATH
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("command", "-v", "virsh"), new ScriptedSsh.Answer(127, "", ""));
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> LibvirtDriverFactory.open("kvm9", ssh, VIRSH, true, Trace.NONE));
        assertEquals("kvm9: `LC_ALL=C command -v virsh` exited 127: virsh not found on the host's PATH (the virsh"
                + " transport needs it: install libvirt-clients, or use transport: native)", e.getMessage());
        assertEquals("kvm9", e.host());
        assertEquals("LC_ALL=C command -v virsh", e.command());
        assertEquals(1, ssh.commands.size(), "nothing else was run");
    }

    @Test
    void aHostWithVirshOpensTheVirshDriver() throws Exception {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("command", "-v", "virsh"), ScriptedSsh.Answer.ok("/usr/bin/virsh\n"));
        try (HypervisorDriver d = LibvirtDriverFactory.open("kvm9", ssh, VIRSH, false, Trace.NONE)) {
            assertEquals("libvirt", d.kind());
        }
    }
}
