package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.Operation;

/** What libvirt/KVM can do, the same over both transports (docs/capabilities.md shows it). */
public final class LibvirtCapabilities {
    private LibvirtCapabilities() {
    }

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
            .with(new Capability(Operation.SHOW, true, true, true, SHOW))
            .build();
}
