package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.Transport;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.testlab.ScriptedSsh;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lxc kind (issue 15, part 3): how it is named, opened and what it declares it cannot do. */
class LxcKindTest {
    @Test
    void theModuleServesLibvirtAndLxcAndOnlyLibvirtIsAutoDetected() {
        List<DriverKind> kinds = new LibvirtProvider().kinds();
        assertEquals(List.of("libvirt", "lxc"), kinds.stream().map(DriverKind::name).toList());
        assertEquals("virsh", kinds.get(0).tool());
        assertNull(kinds.get(1).tool(), "the LXC driver is a libvirtd plug-in: no tool reveals it");
    }

    @Test
    void containersAreRefusedOverTheVirshTransportBeforeAnythingRuns() {
        ScriptedSsh ssh = new ScriptedSsh();
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> LibvirtDriverFactory.openContainers(
                "h", ssh, new LibvirtSettings("qemu:///system", Transport.VIRSH), false, Trace.NONE));
        assertTrue(e.getMessage().contains("native transport only"), e.getMessage());
        assertEquals(List.of(), ssh.commands);
    }

    @Test
    void capabilitiesSayWhatAContainerCannotDoAndWhy() {
        Capabilities c = LibvirtCapabilities.LXC;
        for (Operation op : List.of(Operation.LIST, Operation.START, Operation.SHUTDOWN, Operation.POWEROFF,
                Operation.PAUSE, Operation.RESUME, Operation.CONSOLE, Operation.DELETE, Operation.CREATE,
                Operation.SET_MEMORY, Operation.AUTOSTART, Operation.SHOW, Operation.HOST_INFO)) {
            assertTrue(c.supports(op), op.name());
        }
        assertTrue(c.of(Operation.SET_MEMORY).live() && c.of(Operation.SET_MEMORY).config());
        assertFalse(c.of(Operation.CREATE).live(), "create defines: config");
        for (Operation op : List.of(Operation.SET_VCPUS, Operation.ATTACH_DISK, Operation.SNAPSHOT, Operation.SAVE,
                Operation.RESET, Operation.REBOOT, Operation.CLONE)) {
            assertFalse(c.supports(op), op.name());
            assertFalse(c.of(op).reason().isBlank(), op.name());
        }
        assertTrue(c.of(Operation.SET_VCPUS).reason().contains("virDomainSetVcpusFlags is not supported"));
    }
}
