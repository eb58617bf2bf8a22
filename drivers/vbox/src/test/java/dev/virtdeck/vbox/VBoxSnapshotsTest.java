package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmSnapshot;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code VBoxManage snapshot VM list --machinereadable}: the tree read back with parents and the current one. */
class VBoxSnapshotsTest {
    /** RECONSTRUCTED from the VBoxManage manual and its snapshot listing (no VirtualBox on this machine). */
    static final String TREE = """
            SnapshotName="base"
            SnapshotUUID="6b1c4a44-1111-4c3e-9a5e-0d5a1e3f0001"
            SnapshotDescription="fresh \\"install\\""
            SnapshotName-1="patched"
            SnapshotUUID-1="6b1c4a44-1111-4c3e-9a5e-0d5a1e3f0002"
            SnapshotName-1-1="before upgrade"
            SnapshotUUID-1-1="6b1c4a44-1111-4c3e-9a5e-0d5a1e3f0003"
            SnapshotName-2="other branch"
            SnapshotUUID-2="6b1c4a44-1111-4c3e-9a5e-0d5a1e3f0004"
            CurrentSnapshotName="before upgrade"
            CurrentSnapshotUUID="6b1c4a44-1111-4c3e-9a5e-0d5a1e3f0003"
            CurrentSnapshotNode="SnapshotName-1-1"
            """;

    @Test
    void theTreeComesBackParentsFirstWithTheCurrentOneMarked() {
        List<VmSnapshot> l = VBoxSnapshots.parse(VBoxParsers.machineReadable(TREE, null).keys());
        assertEquals(List.of("base", "patched", "before upgrade", "other branch"), l.stream().map(VmSnapshot::name).toList());
        assertNull(l.get(0).parent());
        assertEquals("fresh \"install\"", l.get(0).description());
        assertEquals("base", l.get(1).parent());
        assertEquals("patched", l.get(2).parent());
        assertEquals("base", l.get(3).parent());
        assertTrue(l.get(2).current());
        assertFalse(l.get(0).current() || l.get(1).current() || l.get(3).current());
        assertNull(l.get(0).created(), "VBoxManage's listing has no time");
    }

    @Test
    void theCurrentOneIsFoundByNameWithoutItsNodeKey() {
        String older = TREE.replace("CurrentSnapshotNode=\"SnapshotName-1-1\"\n", "");
        List<VmSnapshot> l = VBoxSnapshots.parse(VBoxParsers.machineReadable(older, null).keys());
        assertTrue(l.get(2).current());
        assertEquals(1, l.stream().filter(VmSnapshot::current).count());
    }
}
