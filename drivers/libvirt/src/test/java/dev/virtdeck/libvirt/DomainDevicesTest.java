package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.testlab.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The devices show reads from a domain XML: a recorded one, and live-XML attributes written here. */
class DomainDevicesTest {

    /**
     * Written for this test after libvirt's domain XML format (formatdomain): the attributes a
     * running domain's XML adds (interface target dev, pty paths, agent channel state).
     */
    private static final String LIVE = """
            <domain type='kvm' id='3'>
              <name>web</name>
              <devices>
                <disk type='volume' device='disk'>
                  <driver name='qemu' type='raw'/>
                  <source pool='default' volume='web-root'/>
                  <target dev='sda' bus='scsi'/>
                </disk>
                <disk type='block' device='lun'>
                  <source dev='/dev/sdz'/>
                  <target dev='sdb' bus='scsi'/>
                </disk>
                <interface type='network'>
                  <mac address='52:54:00:4B:0E:B3'/>
                  <source network='default' bridge='virbr0'/>
                  <target dev='vnet0'/>
                  <model type='virtio'/>
                </interface>
                <interface type='bridge'>
                  <mac address='52:54:00:11:22:33'/>
                  <source bridge='br-lan'/>
                  <model type='e1000'/>
                </interface>
                <serial type='pty'>
                  <source path='/dev/pts/3'/>
                  <target type='isa-serial' port='0'/>
                </serial>
                <console type='pty' tty='/dev/pts/3'>
                  <target type='serial' port='0'/>
                </console>
                <channel type='unix'>
                  <target type='virtio' name='org.qemu.guest_agent.0' state='disconnected'/>
                </channel>
              </devices>
            </domain>
            """;

    @Test
    void readsTheRecordedInactiveXml() {
        DomainDevices d = DomainDevices.parse(Reference.stdout("dumpxml-inactive-disk-cdrom-user-nic-agent"));
        assertEquals(List.of(
                new Disk("vda", DeviceKind.DISK, "virtio", "/var/tmp/vdshow/probe.qcow2", "qcow2", null, null, false),
                new Disk("sda", DeviceKind.CDROM, "sata", null, "raw", null, null, true)), d.disks());
        assertEquals(List.of(new Nic("52:54:00:aa:bb:cc", "user", null, "virtio", null, List.of())), d.nics());
        assertEquals(List.of(new Console("serial", "pty", "isa-serial 0", null), new Console("console", "pty", "serial 0", null)),
                d.consoles());
        assertTrue(d.agent());
        assertTrue(d.agentUp(), "inactive XML has no state: not known to be down");
        assertFalse(d.hasNetworkInterface(), "user networking has no libvirt lease");
    }

    @Test
    void readsVolumesBlockDevicesNetworksBridgesAndLivePaths() {
        DomainDevices d = DomainDevices.parse(LIVE);
        assertEquals("default/web-root", d.disks().get(0).source());
        assertEquals(new Disk("sdb", DeviceKind.LUN, "scsi", "/dev/sdz", null, null, null, false), d.disks().get(1));
        assertEquals(new Nic("52:54:00:4b:0e:b3", "network", "default", "virtio", "vnet0", List.of()), d.nics().get(0),
                "MAC lower case; the network's name, not its bridge");
        assertEquals(new Nic("52:54:00:11:22:33", "bridge", "br-lan", "e1000", null, List.of()), d.nics().get(1));
        assertEquals("/dev/pts/3", d.consoles().get(0).path());
        assertEquals("/dev/pts/3", d.consoles().get(1).path());
        assertTrue(d.agent());
        assertFalse(d.agentUp(), "the live XML says the agent is disconnected");
        assertTrue(d.hasNetworkInterface());
    }

    @Test
    void sizesGoToTheirTargetAndAddressesToTheirMacFirstSourceFirst() {
        DomainDevices d = DomainDevices.parse(LIVE).withSizes(Map.of("sda", new DomainDevices.Size(10L, 5L)));
        assertEquals(10L, d.disks().get(0).capacityBytes());
        assertEquals(5L, d.disks().get(0).allocationBytes());
        assertEquals(null, d.disks().get(1).capacityBytes());
        Address lease = new Address("192.0.2.83", 24, "ipv4", AddressOrigin.LEASE);
        Address sameFromAgent = new Address("192.0.2.83", 24, "ipv4", AddressOrigin.AGENT);
        Address v6 = new Address("2001:db8::5a", 64, "ipv6", AddressOrigin.AGENT);
        List<Map<String, List<Address>>> sources = List.of(Map.of("52:54:00:4b:0e:b3", List.of(lease)),
                Map.of("52:54:00:4b:0e:b3", List.of(sameFromAgent, v6)));
        assertTrue(d.missingAddresses(sources), "the bridged NIC has none");
        VmInfo vm = new VmInfo("h", "libvirt", "web", "u", VmState.RUNNING, "running", 1, 1, 1L, 1L, true, 0L);
        VmDetails details = d.details(vm, true, sources, List.of("n"));
        assertEquals(List.of(lease, v6), details.nics().get(0).addresses(), "one address once, from the first source");
        assertEquals(List.of(), details.nics().get(1).addresses());
        assertEquals(Boolean.TRUE, details.autostart());
        assertEquals(List.of("n"), details.notes());
    }

    @Test
    void refusesTextThatIsNotXml() {
        assertThrows(IllegalArgumentException.class, () -> DomainDevices.parse("error: failed to get domain"));
    }
}
