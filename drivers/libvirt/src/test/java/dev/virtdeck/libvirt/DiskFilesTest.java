package dev.virtdeck.libvirt;

import dev.virtdeck.host.FileStems;

import dev.virtdeck.testlab.ScriptedSsh;

import dev.virtdeck.error.CommandFailedException;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskFilesTest {

    @Test
    void stemIsSafeAndUniquePerRealName() {
        String evil = FileStems.of("-vd q'\"$(touch x) ; `y`");
        assertTrue(evil.matches("_[A-Za-z0-9._-]+-[0-9a-f]{8}"), evil);
        assertNotEquals(FileStems.of("a b"), FileStems.of("a_b"));
        assertTrue(FileStems.of(".hidden").startsWith("_hidden-"));
        assertTrue(FileStems.of("x".repeat(300)).length() < 70);
    }

    @Test
    void newPathSkipsExistingFiles() {
        ScriptedSsh ssh = new ScriptedSsh();
        String stem = FileStems.of("vm 1");
        String first = "/img/" + stem + "-vdb-0000aaaa.qcow2";
        ssh.on(List.of("test", "-e", first), ScriptedSsh.Answer.ok(""))
                .on(List.of("test", "-e"), new ScriptedSsh.Answer(1, "", ""));
        Iterator<String> nonces = List.of("0000aaaa", "0000bbbb").iterator();
        String path = DiskFiles.newDiskPath(ssh, true, "/img/", "vm 1", "vdb", nonces::next);
        assertEquals("/img/" + stem + "-vdb-0000bbbb.qcow2", path);
        assertEquals("sudo -n LC_ALL=C test -e " + first, ssh.commands.get(0).shellLine());
    }

    /**
     * Two creates of one VM at once (two virtdeck processes) must not get the same file: the one
     * that loses the define removes its disk in its rollback, which must not be the winner's.
     */
    @Test
    void everyAttemptGetsAFileOfItsOwnSoARacingRollbackCannotRemoveTheWinnersDisk() {
        ScriptedSsh ssh = new ScriptedSsh().on(List.of("test", "-e"), new ScriptedSsh.Answer(1, "", ""));
        String a = DiskFiles.newDiskPath(ssh, false, "/img", "web", "vda");
        String b = DiskFiles.newDiskPath(ssh, false, "/img", "web", "vda");
        assertNotEquals(a, b, "both attempts saw 'does not exist'; they still must not share a file");
        String prefix = "/img/" + FileStems.of("web") + "-vda-";
        assertTrue(a.matches(java.util.regex.Pattern.quote(prefix) + "[0-9a-f]{8}\\.qcow2"), a);
        assertTrue(b.startsWith(prefix), b);
    }

    @Test
    void createAndRemoveUseArgvAndFailLoudly() {
        ScriptedSsh ssh = new ScriptedSsh()
                .on(List.of("qemu-img", "create"), ScriptedSsh.Answer.fail("qemu-img: no space"))
                .on(List.of("rm", "-f", "--"), ScriptedSsh.Answer.ok(""));
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> DiskFiles.create(ssh, false, "/img/a b.qcow2", 16, "h", "vm"));
        assertTrue(e.getMessage().contains("no space"));
        assertEquals(List.of("qemu-img", "create", "-q", "-f", "qcow2", "/img/a b.qcow2", "16M"), ssh.argvs().get(0));
        DiskFiles.remove(ssh, false, "/img/a b.qcow2", "h", "vm");
        assertEquals(List.of("rm", "-f", "--", "/img/a b.qcow2"), ssh.argvs().get(1));
        assertThrows(IllegalArgumentException.class, () -> DiskFiles.remove(ssh, false, "relative", "h", "vm"));
    }
}
