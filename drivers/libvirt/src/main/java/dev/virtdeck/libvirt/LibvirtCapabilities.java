package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.Operation;

/** What libvirt/KVM can do, the same over both transports (docs/capabilities.md shows it). */
public final class LibvirtCapabilities {
    private LibvirtCapabilities() {
    }

    /** What libvirt's snapshots are here (the same text as docs/capabilities.md). */
    public static final String SNAPSHOT = "internal snapshots inside qcow2 disk images, with the memory of a running"
            + " VM; a raw disk or a VM without a disk is refused (no external snapshots: libvirt before 9.7 cannot"
            + " revert them)";
    static final String SHOW = "devices from the domain XML, disk sizes from libvirt's block info; addresses"
            + " only of a running VM: DHCP leases of libvirt networks, else the guest agent where the VM has one";

    /** Lifecycle has no live/config distinction; resize and disks have both. */
    public static final Capabilities ALL = Capabilities.allSupported()
            .with(new Capability(Operation.SET_MEMORY, true, true, true,
                    "live changes stay within the current maximum and need the guest's balloon driver;"
                            + " the maximum itself changes in the config only (next boot)"))
            .with(new Capability(Operation.SET_VCPUS, true, true, true,
                    "live changes stay within the maximum; the maximum changes in the config only (next boot)"))
            .with(new Capability(Operation.ATTACH_DISK, true, true, true,
                    "a new qcow2 file on a virtio bus; live attach needs the guest's virtio_blk driver"))
            .with(new Capability(Operation.SNAPSHOT, true, true, true, SNAPSHOT))
            .with(new Capability(Operation.AUTOSTART, true, false, true,
                    "started when libvirtd starts (virsh autostart); persistent VMs only"))
            .with(new Capability(Operation.CLONE, true, false, true, "a shut-off persistent VM: its writable file disks"
                    + " copied next to theirs (a qcow2 overlay keeps its base), new UUID and MAC addresses"))
            .with(new Capability(Operation.SHOW, true, true, true, SHOW))
            .build();
}
