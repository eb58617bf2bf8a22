package dev.virtdeck.libvirt;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.testlab.ScriptedSsh;
import dev.virtdeck.testlab.ScriptedSsh.Answer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The libvirt algorithms against recorded steps: what is read, changed and rolled back, in order. */
class DomainChangesTest {
    private static final String LIVE_XML = "<domain><devices>"
            + "<disk type='file' device='disk'><source file='/srv/vms/a.qcow2'/><target dev='vda'/></disk>"
            + "<disk type='file' device='disk'><source file='/srv/vms/hot.qcow2'/><target dev='vdc'/></disk>"
            + "</devices></domain>";
    private static final String CONFIG_XML = "<domain><devices>"
            + "<disk type='file' device='disk'><source file='/srv/vms/a.qcow2'/><target dev='vda'/></disk>"
            + "<disk type='file' device='cdrom'><source file='/iso/x.iso'/><target dev='hdb'/></disk>"
            + "</devices></domain>";
    private static final String CAPS = "<capabilities><guest><arch><domain type='qemu'/></arch></guest></capabilities>";

    /** Records every step; {@code failing} names the one step that throws. */
    static final class Steps implements DomainSteps {
        final List<String> done = new ArrayList<>();
        Domain domain = new Domain(VmState.RUNNING, true, "look");
        String failing;

        private String step(String name) {
            done.add(name);
            if (name.equals(failing)) throw new CommandFailedException("h", "vm", name, 1, "", name + " failed");
            return name;
        }

        @Override public Domain look(String vm) { step("look"); return domain; }
        @Override public String xml(String vm, boolean inactive) {
            return step(inactive ? "xml-inactive" : "xml-live").equals("xml-live") ? LIVE_XML : CONFIG_XML;
        }
        @Override public boolean exists(String vm) { step("exists"); return false; }
        @Override public Read capabilities() { return new Read(step("caps"), CAPS); }
        @Override public String attachDisk(String vm, String path, String target, Set<Scope> scopes) {
            return step("attach " + target + " " + scopes);
        }
        @Override public String define(String vm, String xml, String type) { return step("define " + type); }
        @Override public String start(String vm) { return step("start"); }
        @Override public String destroy(String vm) { return step("destroy"); }
        @Override public String undefine(String vm) { return step("undefine"); }
    }

    private static ScriptedSsh files() {
        return new ScriptedSsh().on(List.of("test", "-e"), new Answer(1, "", ""))
                .on(List.of("qemu-img", "create"), Answer.ok("")).on(List.of("rm", "-f", "--"), Answer.ok(""));
    }

    @Test
    void attachTakesTheFirstTargetFreeInBothDefinitionsAndResolvesCurrent() {
        Steps steps = new Steps();
        ScriptedSsh ssh = files();
        OpResult r = new DomainChanges("h", ssh, false, steps).attachDisk("vm", 8, Scope.current());
        assertEquals(List.of("look", "xml-live", "xml-inactive", "attach vdb [LIVE]"), steps.done);
        String path = ssh.argvs().get(1).get(5);
        assertTrue(path.startsWith("/srv/vms/") && path.contains("-vdb-"), path);
        assertEquals("attached 8 MiB disk " + path + " as vdb (live)", r.message());
    }

    @Test
    void attachRefusesALiveChangeOfAStoppedVmBeforeMakingAFile() {
        Steps steps = new Steps();
        steps.domain = new DomainSteps.Domain(VmState.SHUTOFF, true, "look");
        ScriptedSsh ssh = files();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new DomainChanges("h", ssh, false, steps).attachDisk("vm", 8, EnumSet.of(Scope.LIVE)));
        assertEquals("cannot change the live VM: it is shutoff (use --config)", e.detail());
        assertTrue(ssh.argvs().isEmpty(), ssh.argvs().toString());
    }

    @Test
    void deleteOfATransientVmReadsItsLiveDisksFirstAndNeverUndefines() {
        Steps steps = new Steps();
        steps.domain = new DomainSteps.Domain(VmState.RUNNING, false, "look");
        ScriptedSsh ssh = files();
        OpResult r = new DomainChanges("h", ssh, false, steps).delete("vm", true, true);
        assertEquals(List.of("look", "xml-live", "destroy"), steps.done);
        assertEquals(List.of(List.of("rm", "-f", "--", "/srv/vms/a.qcow2"), List.of("rm", "-f", "--", "/srv/vms/hot.qcow2")),
                ssh.argvs());
        assertEquals("deleted with 2 disk file(s): /srv/vms/a.qcow2, /srv/vms/hot.qcow2", r.message());
        assertTrue(r.command().startsWith("destroy && "), r.command());
    }

    @Test
    void deleteRefusesARunningVmWithoutForce() {
        Steps steps = new Steps();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new DomainChanges("h", files(), false, steps).delete("vm", true, false));
        assertEquals("the VM is running; stop it first or use --force", e.detail());
        assertEquals(List.of("look"), steps.done);
    }

    @Test
    void createRollsBackWhatItMadeWhenALaterStepFails() {
        CreateSpec spec = new CreateSpec("vm", 1, 1, 64, 64, 16L, "/k", "/i", null, null);
        Steps defineFails = new Steps();
        defineFails.failing = "define qemu";
        ScriptedSsh ssh = files();
        assertThrows(CommandFailedException.class, () -> new DomainChanges("h", ssh, false, defineFails).create(spec, true));
        assertEquals(List.of("exists", "caps", "define qemu"), defineFails.done, "nothing defined: nothing to undefine");
        assertEquals("rm", ssh.argvs().get(ssh.argvs().size() - 1).get(0), "the new disk removed");

        Steps startFails = new Steps();
        startFails.failing = "start";
        assertThrows(CommandFailedException.class, () -> new DomainChanges("h", files(), false, startFails).create(spec, true));
        assertEquals(List.of("exists", "caps", "define qemu", "start", "destroy", "undefine"), startFails.done);

        Steps ok = new Steps();
        OpResult r = new DomainChanges("h", files(), false, ok).create(spec, false);
        assertTrue(r.message().startsWith("created (qemu, disk /var/lib/libvirt/images/vm-"), r.message());
        assertFalse(ok.done.contains("start"));
    }
}
