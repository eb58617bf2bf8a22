package dev.virtdeck.libvirt;

import dev.virtdeck.testlab.Reference;

import dev.virtdeck.driver.CreateSpec;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.xpath.XPathFactory;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DomainXmlTest {
    private static final String EVIL = "-vd q'\"$(cd ..;cd ..;cd ..;cd tmp;touch vd-canary) ; `cd ..;cd tmp;touch vd-canary2` x <&>";

    private static CreateSpec kernelSpec(String name) {
        return new CreateSpec(name, 1, 2, 192, 256, 16L, "/boot/vmlinuz", "/boot/initrd", null, null);
    }

    private static String xp(String xml, String expr) throws Exception {
        Document doc = DomainXml.parse(xml);
        return XPathFactory.newInstance().newXPath().evaluate(expr, doc);
    }

    @Test
    void kernelBootDomainHasConsoleBalloonDiskAndSizesInKiB() throws Exception {
        String xml = DomainXml.forCreate(kernelSpec("vm1"), "/var/lib/libvirt/images/vm1.qcow2", "kvm");
        assertEquals("kvm", xp(xml, "/domain/@type"));
        assertEquals("262144", xp(xml, "/domain/memory"));
        assertEquals("KiB", xp(xml, "/domain/memory/@unit"));
        assertEquals("196608", xp(xml, "/domain/currentMemory"));
        assertEquals("2", xp(xml, "/domain/vcpu"));
        assertEquals("1", xp(xml, "/domain/vcpu/@current"));
        assertEquals("/boot/vmlinuz", xp(xml, "/domain/os/kernel"));
        assertEquals("/boot/initrd", xp(xml, "/domain/os/initrd"));
        assertEquals("console=ttyS0", xp(xml, "/domain/os/cmdline"));
        assertEquals("pty", xp(xml, "/domain/devices/serial/@type"));
        assertEquals("serial", xp(xml, "/domain/devices/console/target/@type"));
        assertEquals("virtio", xp(xml, "/domain/devices/memballoon/@model"));
        assertEquals("qcow2", xp(xml, "/domain/devices/disk/driver/@type"));
        assertEquals("vda", xp(xml, "/domain/devices/disk/target/@dev"));
        assertEquals("virtio", xp(xml, "/domain/devices/disk/target/@bus"));
        assertEquals("", xp(xml, "/domain/uuid"), "libvirt assigns the uuid");
    }

    @Test
    void namesAreEscapedNotPasted() throws Exception {
        String xml = DomainXml.forCreate(kernelSpec(EVIL), null, "qemu");
        assertEquals(EVIL, xp(xml, "/domain/name"));
        assertFalse(xml.contains("<&>"));
        assertEquals("0", xp(xml, "count(/domain/devices/disk)"));
    }

    @Test
    void isoBootUsesAReadOnlyCdromAndBootsFromIt() throws Exception {
        CreateSpec iso = new CreateSpec("i", 2, 2, 512, 512, null, null, null, null, "/isos/x.iso");
        String xml = DomainXml.forCreate(iso, null, "qemu");
        assertEquals("cdrom", xp(xml, "/domain/os/boot[1]/@dev"));
        assertEquals("/isos/x.iso", xp(xml, "/domain/devices/disk[@device='cdrom']/source/@file"));
        assertEquals("1", xp(xml, "count(/domain/devices/disk[@device='cdrom']/readonly)"));
        assertEquals("", xp(xml, "/domain/os/kernel"));
        assertEquals(List.of(), DomainXml.diskSources(xml), "an ISO is never a disk to delete");
    }

    @Test
    void customCmdlineIsKept() throws Exception {
        CreateSpec s = new CreateSpec("c", 1, 1, 64, 64, null, "/k", "/i", "console=ttyS0 quiet", null);
        assertEquals("console=ttyS0 quiet", xp(DomainXml.forCreate(s, null, "qemu"), "/domain/os/cmdline"));
    }

    @Test
    void inconsistentSpecsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DomainXml.forCreate(
                new CreateSpec("x", 3, 2, 64, 64, null, "/k", "/i", null, null), null, "qemu"));
        assertThrows(IllegalArgumentException.class, () -> DomainXml.forCreate(
                new CreateSpec("x", 1, 2, 512, 256, null, "/k", "/i", null, null), null, "qemu"));
        assertThrows(IllegalArgumentException.class, () -> DomainXml.forCreate(
                new CreateSpec("x", 1, 2, 64, 256, null, null, null, null, null), null, "qemu"));
        assertThrows(IllegalArgumentException.class, () -> DomainXml.forCreate(
                new CreateSpec("x", 1, 2, 64, 256, null, "/k", "/i", null, "/x.iso"), null, "qemu"));
        assertThrows(IllegalArgumentException.class, () -> DomainXml.forCreate(kernelSpec("a/b"), null, "qemu"),
                "libvirt refuses '/' in names");
        assertThrows(IllegalArgumentException.class, () -> DomainXml.forCreate(kernelSpec("x"), null, "xen"));
    }

    @Test
    void diskForAttachIsAQcow2VirtioFileDisk() throws Exception {
        String xml = DomainXml.diskForAttach("/d/x y.qcow2", "vdb");
        assertEquals("file", xp(xml, "/disk/@type"));
        assertEquals("/d/x y.qcow2", xp(xml, "/disk/source/@file"));
        assertEquals("vdb", xp(xml, "/disk/target/@dev"));
        assertEquals("virtio", xp(xml, "/disk/target/@bus"));
    }

    @Test
    void targetsAndSourcesOfADomain() {
        String xml = "<domain><devices>"
                + "<disk type='file' device='disk'><source file='/img/a.qcow2'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='block' device='disk'><source dev='/dev/sdz'/><target dev='vdb' bus='virtio'/></disk>"
                + "<disk type='file' device='cdrom'><source file='/iso/x.iso'/><target dev='sda' bus='sata'/></disk>"
                + "<disk type='file' device='disk'><source file='/img/c.qcow2'/><target dev='vdd' bus='virtio'/></disk>"
                + "<interface type='network'/></devices></domain>";
        assertEquals(List.of("vda", "vdb", "sda", "vdd"), DomainXml.diskTargets(xml));
        assertEquals(List.of("/img/a.qcow2", "/img/c.qcow2"), DomainXml.diskSources(xml));
    }

    @Test
    void nextFreeTargetFillsGapsFromVda() {
        assertEquals("vda", DomainXml.nextFreeTarget(List.of()));
        assertEquals("vda", DomainXml.nextFreeTarget(List.of("sda", "hdc")));
        assertEquals("vdc", DomainXml.nextFreeTarget(List.of("vda", "vdb", "vdd")));
        java.util.List<String> all = new java.util.ArrayList<>();
        for (char c = 'a'; c <= 'z'; c++) all.add("vd" + c);
        assertEquals("vdaa", DomainXml.nextFreeTarget(all));
        all.add("vdaa");
        assertEquals("vdab", DomainXml.nextFreeTarget(all));
    }

    @Test
    void doctypesAreRefused() {
        String xxe = "<!DOCTYPE d [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><domain><devices/></domain>";
        assertThrows(IllegalArgumentException.class, () -> DomainXml.diskTargets(xxe));
    }

    @Test
    void domainTypeFromRecordedCapabilities() {
        // the recorded excerpt cuts the host CPU's feature list; its <guest> parts are intact
        String recorded = Reference.block("virsh/capabilities-excerpt.txt", "stdout (excerpt)");
        String caps = "<capabilities><host><cpu><arch>x86_64</arch></cpu></host>"
                + recorded.substring(recorded.indexOf("<guest>"));
        assertEquals("kvm", DomainXml.preferredDomainType(caps));
        assertEquals("qemu", DomainXml.preferredDomainType(caps.replace("<domain type='kvm'/>", "")));
        assertTrue(caps.contains("<domain type='kvm'/>"));
    }

    @Test
    void anAskedForDomainTypeMustBeOfferedAndNoneAskedPrefersKvm() {
        String recorded = Reference.block("virsh/capabilities-excerpt.txt", "stdout (excerpt)");
        String caps = "<capabilities><host><cpu><arch>x86_64</arch></cpu></host>"
                + recorded.substring(recorded.indexOf("<guest>"));
        String tcgOnly = caps.replace("<domain type='kvm'/>", "");
        assertEquals(Set.of("qemu", "kvm"), DomainXml.offeredDomainTypes(caps));
        assertEquals("kvm", DomainXml.chooseDomainType(null, caps));
        assertEquals("qemu", DomainXml.chooseDomainType("qemu", caps), "TCG on a host that offers kvm too");
        assertEquals("qemu", DomainXml.chooseDomainType(null, tcgOnly));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DomainXml.chooseDomainType("kvm", tcgOnly));
        assertEquals("virt type kvm is not offered by this host's libvirt (it offers qemu)", e.getMessage());
    }
}
