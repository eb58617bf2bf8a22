package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.testlab.ScriptedSsh;
import dev.virtdeck.testlab.ScriptedSsh.Answer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The virsh driver's snapshot calls against virsh 9.0.0 outputs recorded on Debian 12 (LC_ALL=C):
 * their argv (every name its own word after its option) and how failures are worded.
 */
class VirshSnapshotsTest {
    private static final String VM = "-vd q'\"$(touch /tmp/vd-canary) ;x";
    private static final List<String> VIRSH = List.of("virsh", "-c", "qemu:///system");

    private static VirshDriver driver(ScriptedSsh ssh) {
        return new VirshDriver("h", ssh, "qemu:///system", false);
    }

    private static List<String> tail(List<String> argv) {
        assertEquals(VIRSH, argv.subList(0, 3), argv.toString());
        return argv.subList(3, argv.size());
    }

    @Test
    void createPassesNameAndDescriptionAsWordsOfTheirOwn() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("snapshot-create-as"), Answer.ok("Domain snapshot it's created\n\n"));
        OpResult r = driver(ssh).createSnapshot(VM, "it's; rm -rf /", "a $(b)");
        assertEquals(List.of("snapshot-create-as", "--domain", VM, "--name", "it's; rm -rf /", "--description", "a $(b)"),
                tail(ssh.argvs().get(0)));
        assertEquals("snapshot 'it's; rm -rf /' taken", r.message());
        assertTrue(r.command().startsWith("LC_ALL=C virsh") || r.command().contains("virsh"), r.command());
        assertEquals(1, ssh.commands.size());
    }

    @Test
    void aRawDiskIsRefusedSayingWhy() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("snapshot-create-as"), new Answer(1, "",
                "error: unsupported configuration: internal snapshot for disk vda unsupported for storage type raw\n"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).createSnapshot("web", "s1", null));
        assertTrue(e.getMessage().startsWith("h: web: cannot take an internal snapshot: a disk of this VM is raw"), e.getMessage());
        assertTrue(e.getMessage().contains("qcow2"), e.getMessage());
        assertTrue(e.command().contains("snapshot-create-as"), e.command());
    }

    @Test
    void aVmWithoutDiskIsRefusedSayingWhy() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("snapshot-create-as"), new Answer(1, "",
                "error: unsupported configuration: nothing selected for snapshot\n"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).createSnapshot("web", "s1", null));
        assertTrue(e.detail().contains("has no disk"), e.getMessage());
    }

    @Test
    void aRunningVmWithoutDiskIsRefusedSayingWhy() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("snapshot-create-as"), new Answer(1, "", "error: unsupported"
                + " configuration: internal and full system snapshots require all disks to be selected for snapshot\n"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).createSnapshot("web", "s1", null));
        assertTrue(e.detail().startsWith("cannot take a snapshot of the running VM"), e.getMessage());
        assertTrue(e.detail().contains("no disk at all"), e.getMessage());
    }

    @Test
    void aTakenNameIsRefused() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("snapshot-create-as"), new Answer(1, "",
                "error: operation failed: domain moment s 1 already exists\n"));
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver(ssh).createSnapshot("web", "s 1", null));
        assertTrue(e.detail().startsWith("a snapshot named 's 1' already exists"), e.getMessage());
    }

    @Test
    void revertAndDeleteOfAnUnknownSnapshotNameIt() {
        String err = "error: Domain snapshot not found: no domain snapshot with matching name 'nope'\n";
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("snapshot-revert"), new Answer(1, "", err))
                .on(List.of("snapshot-delete"), new Answer(1, "", err));
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(() -> driver(ssh).revertSnapshot("web", "nope"),
                () -> driver(ssh).deleteSnapshot("web", "nope"))) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, call);
            assertEquals("h: web: no snapshot named 'nope' on this VM (see: virtdeck snapshot list)", e.getMessage());
            assertTrue(e.command().contains("--snapshotname"), e.command());
        }
        assertEquals(List.of("snapshot-revert", "--domain", "web", "--snapshotname", "nope"), tail(ssh.argvs().get(0)));
        assertEquals(List.of("snapshot-delete", "--domain", "web", "--snapshotname", "nope"), tail(ssh.argvs().get(1)));
    }

    @Test
    void anUnknownVmIsNotFound() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("snapshot-list"), new Answer(1, "", "error: failed to get domain 'ghost'\n"));
        assertThrows(VmNotFoundException.class, () -> driver(ssh).snapshots("ghost"));
    }

    @Test
    void listReadsNamesTheCurrentOneAndEachSnapshotsXml() {
        String parentXml = dumpxml("s 1", "shutoff", null, 1796635753L);
        String childXml = dumpxml("it's", "running", "s 1", 1796635754L);
        ScriptedSsh ssh = new ScriptedSsh()
                .on(List.of("snapshot-list"), Answer.ok("it's\ns 1\n\n"))
                .on(List.of("snapshot-current"), Answer.ok("it's\n\n"))
                .on(List.of("--snapshotname", "s 1"), Answer.ok(parentXml))
                .on(List.of("--snapshotname", "it's"), Answer.ok(childXml));
        List<VmSnapshot> l = driver(ssh).snapshots("web");
        assertEquals(List.of("s 1", "it's"), l.stream().map(VmSnapshot::name).toList(), "oldest first");
        assertFalse(l.get(0).current());
        assertTrue(l.get(1).current());
        assertEquals("s 1", l.get(1).parent());
        assertEquals(Boolean.TRUE, l.get(1).memory());
        assertEquals(List.of("snapshot-list", "--domain", "web", "--name"), tail(ssh.argvs().get(0)));
        assertEquals(List.of("snapshot-current", "--domain", "web", "--name"), tail(ssh.argvs().get(1)));
        assertEquals(4, ssh.commands.size(), "2 + one dumpxml per snapshot");
    }

    @Test
    void noCurrentSnapshotIsAnAnswerAndNoSnapshotsIsOneExec() {
        ScriptedSsh ssh = new ScriptedSsh()
                .on(List.of("snapshot-list"), Answer.ok("a\n\n"))
                .on(List.of("snapshot-current"), new Answer(1, "", "error: domain 'web' has no current snapshot\n"))
                .on(List.of("snapshot-dumpxml"), Answer.ok(dumpxml("a", "shutoff", null, 1L)));
        assertFalse(driver(ssh).snapshots("web").get(0).current());
        ScriptedSsh none = new ScriptedSsh().on(List.of("snapshot-list"), Answer.ok("\n"));
        assertTrue(driver(none).snapshots("web").isEmpty());
        assertEquals(1, none.commands.size());
    }

    private static String dumpxml(String name, String state, String parent, long time) {
        return "<domainsnapshot>\n  <name>" + name.replace("'", "&apos;") + "</name>\n  <state>" + state + "</state>\n"
                + (parent == null ? "" : "  <parent>\n    <name>" + parent + "</name>\n  </parent>\n")
                + "  <creationTime>" + time + "</creationTime>\n  <memory snapshot='"
                + ("running".equals(state) ? "internal" : "no") + "'/>\n  <disks>\n    <disk name='vda' snapshot='internal'/>\n"
                + "  </disks>\n  <domain type='qemu'>\n    <name>web</name>\n  </domain>\n</domainsnapshot>\n\n";
    }
}
