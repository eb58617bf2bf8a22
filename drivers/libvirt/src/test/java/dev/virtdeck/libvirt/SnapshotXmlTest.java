package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.driver.VmState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotXmlTest {
    /** Recorded: virsh 9.0.0 snapshot-dumpxml of an internal snapshot of a shut-off qcow2 domain (domain cut short). */
    static final String SHUTOFF = """
            <domainsnapshot>
              <name>s 1</name>
              <description>first one</description>
              <state>shutoff</state>
              <creationTime>1796635753</creationTime>
              <memory snapshot='no'/>
              <disks>
                <disk name='vda' snapshot='internal'/>
              </disks>
              <domain type='qemu'>
                <name>vdsnap-x</name>
              </domain>
            </domainsnapshot>
            """;

    @Test
    void aShutOffInternalSnapshotHasNoMemoryAndNoParent() {
        VmSnapshot s = SnapshotXml.parse(SHUTOFF, true);
        assertEquals("s 1", s.name());
        assertEquals("first one", s.description());
        assertEquals(Instant.ofEpochSecond(1796635753L), s.created());
        assertEquals(VmState.SHUTOFF, s.vmState());
        assertEquals("shutoff", s.nativeState());
        assertTrue(s.current());
        assertNull(s.parent());
        assertEquals(VmSnapshot.Location.INTERNAL, s.location());
        assertEquals(Boolean.FALSE, s.memory());
        assertEquals("internal, disks only", s.kind());
    }

    @Test
    void aRunningSnapshotHoldsMemoryAndNamesItsParent() {
        String xml = SHUTOFF.replace("<state>shutoff</state>", "<state>running</state>\n<parent><name>base</name></parent>")
                .replace("<memory snapshot='no'/>", "<memory snapshot='internal'/>").replace("<description>first one</description>", "");
        VmSnapshot s = SnapshotXml.parse(xml, false);
        assertEquals(VmState.RUNNING, s.vmState());
        assertEquals("base", s.parent(), "the parent's name, not the nested domain's");
        assertEquals(Boolean.TRUE, s.memory());
        assertNull(s.description());
        assertFalse(s.current());
    }

    @Test
    void aDiskOnlyExternalSnapshotIsExternalWithoutMemory() {
        String xml = SHUTOFF.replace("shutoff", "disk-snapshot").replace("snapshot='internal'", "snapshot='external'");
        VmSnapshot s = SnapshotXml.parse(xml, false);
        assertEquals(VmSnapshot.Location.EXTERNAL, s.location());
        assertEquals(Boolean.FALSE, s.memory());
        assertEquals(VmState.UNKNOWN, s.vmState());
        assertEquals("disk-snapshot", s.nativeState());
    }

    @Test
    void theCreateRequestEscapesNameAndDescriptionAndReadsBack() {
        String name = "a<b>&'\"c";
        String xml = SnapshotXml.forCreate(name, "d & <e>");
        assertFalse(xml.contains("<b>"), xml);
        VmSnapshot s = SnapshotXml.parse(xml, false);
        assertEquals(name, s.name());
        assertEquals("d & <e>", s.description());
        assertFalse(SnapshotXml.forCreate("x", null).contains("description"));
    }

    @Test
    void otherXmlIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SnapshotXml.parse("<domain><name>x</name></domain>", false));
        assertThrows(IllegalArgumentException.class, () -> SnapshotXml.parse("<!DOCTYPE x [<!ENTITY e 'x'>]><domainsnapshot/>", false));
    }
}
