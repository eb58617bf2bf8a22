package dev.virtdeck.libvirt;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
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
    static class Steps implements DomainSteps {
        final List<String> done = new ArrayList<>();
        Domain domain = new Domain(VmState.RUNNING, true, "look");
        String failing;
        Set<String> networks = Set.of("default");
        Set<String> inactive = Set.of();
        Set<String> vms = Set.of();
        final List<String> defined = new ArrayList<>();

        private String step(String name) {
            done.add(name);
            if (name.equals(failing)) throw new CommandFailedException("h", "vm", name, 1, "", name + " failed");
            return name;
        }

        @Override public Domain look(String vm) { step("look"); return domain; }
        @Override public String xml(String vm, boolean inactive) {
            return step(inactive ? "xml-inactive" : "xml-live").equals("xml-live") ? LIVE_XML : CONFIG_XML;
        }
        @Override public boolean exists(String vm) { step("exists"); return vms.contains(vm); }
        @Override public Boolean networkActive(String network) {
            step("net " + network);
            return networks.contains(network) ? Boolean.TRUE : inactive.contains(network) ? Boolean.FALSE : null;
        }
        @Override public String autostart(String vm, boolean on) { return step("autostart " + on); }
        @Override public Read capabilities() { return new Read(step("caps"), CAPS); }
        @Override public String attachDisk(String vm, String path, String target, Set<Scope> scopes) {
            return step("attach " + target + " " + scopes);
        }
        @Override public String define(String vm, String xml, String type) {
            defined.add(xml.replaceAll(">\\s+<", "><"));
            return step("define " + type);
        }
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
        assertEquals(List.of("exists", "caps", "net default", "define qemu"), defineFails.done,
                "nothing defined: nothing to undefine");
        assertEquals("rm", ssh.argvs().get(ssh.argvs().size() - 1).get(0), "the new disk removed");

        Steps startFails = new Steps();
        startFails.failing = "start";
        assertThrows(CommandFailedException.class, () -> new DomainChanges("h", files(), false, startFails).create(spec, true));
        assertEquals(List.of("exists", "caps", "net default", "define qemu", "start", "destroy", "undefine"), startFails.done);

        Steps ok = new Steps();
        OpResult r = new DomainChanges("h", files(), false, ok).create(spec, false);
        assertTrue(r.message().startsWith("created (qemu, disk /var/lib/libvirt/images/vm-"), r.message());
        assertTrue(r.message().endsWith(", network default)"), r.message());
        assertFalse(ok.done.contains("start"));
    }

    private static final CreateSpec KERNEL = new CreateSpec("vm", 1, 1, 64, 64, null, "/k", "/i", null, null);

    @Test
    void theDefaultNicIsOnLibvirtsDefaultNetworkWhereTheHostHasOne() {
        Steps with = new Steps();
        new DomainChanges("h", files(), false, with).create(KERNEL, false);
        assertTrue(with.defined.get(0).contains("<interface type=\"network\"><source network=\"default\"/>"
                + "<model type=\"virtio\"/></interface>"), with.defined.get(0));

        Steps without = new Steps();
        without.networks = Set.of();
        without.inactive = Set.of("default");
        OpResult r = new DomainChanges("h", files(), false, without).create(KERNEL, false);
        assertFalse(without.defined.get(0).contains("<interface"), without.defined.get(0));
        assertTrue(r.message().endsWith(", no NIC)"), r.message());

        Steps none = new Steps();
        new DomainChanges("h", files(), false, none).create(KERNEL.withNetwork(NicSpec.NONE), false);
        assertFalse(none.done.contains("net default"), "--network none asks nothing");
        assertFalse(none.defined.get(0).contains("<interface"));
    }

    @Test
    void aNamedNetworkOrBridgeThatIsNotThereIsRefusedBeforeAnythingIsMade() {
        Steps steps = new Steps();
        ScriptedSsh ssh = files();
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> new DomainChanges("h", ssh, false,
                steps).create(KERNEL.withNetwork(NicSpec.network("lab net")), false));
        assertEquals("the host's libvirt has no network 'lab net' (virsh net-list --all lists them)", e.detail());
        assertEquals(List.of("exists", "caps", "net lab net"), steps.done);

        Steps down = new Steps();
        down.inactive = Set.of("isolated");
        e = assertThrows(InvalidRequestException.class, () -> new DomainChanges("h", files(), false, down)
                .create(KERNEL.withNetwork(NicSpec.network("isolated")), false));
        assertEquals("the host's libvirt network 'isolated' is not active (virsh net-start isolated)", e.detail());

        ScriptedSsh noBridge = files().on(List.of("test", "-d"), new Answer(1, "", ""));
        e = assertThrows(InvalidRequestException.class, () -> new DomainChanges("h", noBridge, false, new Steps())
                .create(KERNEL.withNetwork(NicSpec.bridge("br0")), false));
        assertEquals("the host has no bridge 'br0'", e.detail());
        assertEquals(List.of(List.of("test", "-d", "/sys/class/net/br0/bridge")), noBridge.argvs());

        ScriptedSsh bridge = files().on(List.of("test", "-d"), Answer.ok(""));
        Steps ok = new Steps();
        new DomainChanges("h", bridge, false, ok).create(KERNEL.withNetwork(NicSpec.bridge("br0")), false);
        assertTrue(ok.defined.get(0).contains("<interface type=\"bridge\"><source bridge=\"br0\"/>"), ok.defined.get(0));
    }

    private static final String INFO = "{\n    \"virtual-size\": 1073741824,\n    \"filename\": \"/img/base.qcow2\",\n"
            + "    \"format\": \"qcow2\",\n    \"actual-size\": 200704,\n    \"dirty-flag\": false\n}\n";

    @Test
    void anImageBecomesAnOverlayThatTheVmBootsFrom() {
        ScriptedSsh ssh = files().on(List.of("qemu-img", "info"), Answer.ok(INFO));
        Steps steps = new Steps();
        CreateSpec spec = new CreateSpec("vm", 1, 1, 64, 64, null, null, null, null, null).withImage("/img/base.qcow2");
        OpResult r = new DomainChanges("h", ssh, false, steps).create(spec, false);
        assertEquals(List.of("qemu-img", "info", "--output=json", "-U", "--", "/img/base.qcow2"), ssh.argvs().get(0));
        List<String> overlay = ssh.argvs().get(ssh.argvs().size() - 1);
        assertEquals(List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", "/img/base.qcow2"),
                overlay.subList(0, 9));
        assertTrue(overlay.get(9).startsWith("/var/lib/libvirt/images/vm-"), overlay.toString());
        assertEquals(10, overlay.size(), "the base's size");
        String xml = steps.defined.get(0);
        assertTrue(xml.contains("<boot dev=\"hd\"/>") && xml.contains("<source file=\"" + overlay.get(9) + "\"/>"), xml);
        assertFalse(xml.contains("<kernel>") || xml.contains("cdrom"), xml);
        assertTrue(r.message().contains("over /img/base.qcow2"), r.message());
    }

    @Test
    void anOverlaySmallerThanItsBaseOrAMissingBaseIsRefusedBeforeAnythingIsMade() {
        ScriptedSsh ssh = files().on(List.of("qemu-img", "info"), Answer.ok(INFO));
        CreateSpec small = new CreateSpec("vm", 1, 1, 64, 64, 512L, null, null, null, null).withImage("/img/base.qcow2");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new DomainChanges("h", ssh, false, new Steps()).create(small, false));
        assertEquals("--disk 512 MiB is smaller than the base image (1024 MiB): an overlay cannot shrink its base",
                e.detail());
        assertEquals(1, ssh.argvs().size(), "only qemu-img info ran");

        ScriptedSsh missing = files().on(List.of("qemu-img", "info"),
                new Answer(1, "", "qemu-img: Could not open '/img/nope': No such file or directory\n"));
        CommandFailedException f = assertThrows(CommandFailedException.class, () -> new DomainChanges("h", missing, false,
                new Steps()).create(small.withImage("/img/nope"), false));
        assertTrue(f.getMessage().endsWith("exited 1: qemu-img: Could not open '/img/nope': No such file or directory"),
                f.getMessage());
        assertEquals(1, missing.argvs().size());
    }

    private static final String SOURCE_XML = "<domain type='qemu'><name>src</name><uuid>1234</uuid>"
            + "<os><type>hvm</type><nvram>/var/lib/libvirt/qemu/nvram/src_VARS.fd</nvram></os><devices>"
            + "<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/srv/vms/src.qcow2'/>"
            + "<target dev='vda' bus='virtio'/></disk>"
            + "<disk type='file' device='cdrom'><source file='/iso/x.iso'/><target dev='sda'/><readonly/></disk>"
            + "<interface type='network'><mac address='52:54:00:aa:bb:cc'/><source network='default'/></interface>"
            + "</devices></domain>";

    @Test
    void cloneCopiesTheWritableDisksAndDefinesANewIdentity() {
        Steps steps = cloneSteps();
        ScriptedSsh ssh = files().on(List.of("cp"), Answer.ok(""));
        OpResult r = new DomainChanges("h", ssh, false, steps).clone("src", "copy 1", false);
        assertEquals(List.of("look", "exists", "xml-src", "define qemu"), steps.done);
        List<String> cp = ssh.argvs().get(ssh.argvs().size() - 1);
        assertEquals(List.of("cp", "--sparse=always", "--", "/srv/vms/src.qcow2"), cp.subList(0, 4));
        assertTrue(cp.get(4).startsWith("/srv/vms/copy_1-") && cp.get(4).contains("-vda-"), cp.get(4));
        String xml = steps.defined.get(0);
        assertTrue(xml.contains("<name>copy 1</name>"), xml);
        assertFalse(xml.contains("<uuid>") || xml.contains("<mac ") || xml.contains("nvram"), xml);
        assertTrue(xml.contains("<source file=\"" + cp.get(4) + "\"/>") && xml.contains("/iso/x.iso"), xml);
        assertTrue(r.message().startsWith("cloned as copy 1 (1 disk(s) copied: /srv/vms/copy_1-"), r.message());
    }

    @Test
    void cloneRefusesARunningSourceOrATakenNameAndRollsBackItsCopies() {
        Steps running = cloneSteps();
        running.domain = new DomainSteps.Domain(VmState.RUNNING, true, "look");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> new DomainChanges("h", files(), false, running).clone("src", "copy", false));
        assertEquals("the VM is running; shut it down first (its disks are copied and must not change meanwhile)",
                e.detail());

        Steps taken = cloneSteps();
        taken.vms = Set.of("copy");
        e = assertThrows(InvalidRequestException.class,
                () -> new DomainChanges("h", files(), false, taken).clone("src", "copy", false));
        assertEquals("a VM with this name already exists", e.detail());
        assertEquals("copy", e.vm());

        Steps defineFails = cloneSteps();
        defineFails.failing = "define qemu";
        ScriptedSsh ssh = files().on(List.of("cp"), Answer.ok(""));
        assertThrows(CommandFailedException.class, () -> new DomainChanges("h", ssh, false, defineFails)
                .clone("src", "copy", false));
        List<String> rm = ssh.argvs().get(ssh.argvs().size() - 1);
        assertEquals(List.of("rm", "-f", "--"), rm.subList(0, 3));
        assertEquals(ssh.argvs().get(ssh.argvs().size() - 2).get(4), rm.get(3), "the copy it made is removed");
    }

    private static Steps cloneSteps() {
        Steps s = new Steps() {
            @Override public String xml(String vm, boolean inactive) {
                done.add("xml-" + vm);
                return SOURCE_XML;
            }
        };
        s.domain = new DomainSteps.Domain(VmState.SHUTOFF, true, "look");
        return s;
    }
}
