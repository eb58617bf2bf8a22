package dev.virtdeck.xen;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.Operation;

/** What the Xen drivers can do, as data (docs/capabilities.md shows it). */
public final class XenCapabilities {
    private XenCapabilities() {
    }

    static final String START = "xl create of the VM's config file in the host's config directory"
            + " (xl keeps no defined-but-off domains)";
    static final String RESET = "HVM guests only (xl trigger DOM reset); a PV guest has no emulated reset button:"
            + " use reboot, or poweroff and start";
    static final String NO_RESET_XM = "xm has no reset; use reboot, or poweroff and start";
    static final String SAVE = "xl save to the host's save directory (inventory xen.save_dir); the domain is"
            + " gone afterwards, listed as saved, and start restores it (xl restore), then deletes the image";
    static final String NO_SAVE = "no save directory is configured for this host (xl save needs one)";
    static final String NO_SAVE_XM = "not offered for xm hosts";
    static final String MEMORY = "live only (xl mem-set: the balloon target, within maxmem; --max = xl mem-max"
            + " on the running domain); the config file is not edited";
    static final String VCPUS = "live only (xl vcpu-set, up to the boot-time maxvcpus and at most the host's"
            + " physical CPUs; the guest must bring new vCPUs online); the maximum is fixed at boot";
    static final String DISK = "live only: a new raw image file (truncate) attached with xl block-attach to a"
            + " running PV guest; the config file is not edited";
    static final String NO_DISK_XM = "not offered for xm hosts (xm block-attach formats are not handled)";
    static final String CREATE = "writes NAME.cfg in the host's config directory: PV kernel boot (kernel, ramdisk,"
            + " extra) or HVM from an ISO or a base image, memory/maxmem, vcpus/maxvcpus, an optional raw disk or, with"
            + " --image, a qcow2 overlay on the base (qemu-img create -b; the base never written), a vif on a host"
            + " bridge with --network bridge=BR (no NIC by default)";
    static final String SHOW = "a running domain from xl list -l DOM (its JSON is the raw config), one that is off"
            + " from its config file; no addresses (no leases, no agent), no disk sizes; autostart = its config linked in /etc/xen/auto (xendomains)";
    static final String CONSOLE = "xl console on a remote terminal (PV console); Ctrl-] detaches";
    static final String NO_SNAPSHOT = "xl has no snapshot command: snapshots of Xen guests are a storage matter"
            + " (LVM, ZFS or qcow2 snapshots of their disks, taken outside the toolstack)";

    static final String NETWORKS = "xl joins a guest's vif to a host bridge: --network bridge=BR (or none);"
            + " it has no named networks";
    static final String AUTOSTART = "a link to the VM's config file in /etc/xen/auto, which the xendomains"
            + " service creates domains from at host boot: xendomains must be enabled and the directory present";
    static final String NO_CLONE = "the toolstack has no clone: a Xen guest is a config file plus disks, copied"
            + " outside it (copy the disk images, then write a config with a new name, UUID and MAC)";

    /** @param saveConfigured the host has a save directory */
    public static Capabilities xl(boolean saveConfigured) {
        return Capabilities.allSupported()
                .with(new Capability(Operation.START, true, true, false, START))
                .with(new Capability(Operation.RESET, true, true, false, RESET))
                .with(saveConfigured ? new Capability(Operation.SAVE, true, true, false, SAVE)
                        : Capability.unsupported(Operation.SAVE, NO_SAVE))
                .with(new Capability(Operation.SET_MEMORY, true, true, false, MEMORY))
                .with(new Capability(Operation.SET_VCPUS, true, true, false, VCPUS))
                .with(new Capability(Operation.ATTACH_DISK, true, true, false, DISK))
                .with(new Capability(Operation.CREATE, true, false, true, CREATE))
                .with(new Capability(Operation.CONSOLE, true, true, false, CONSOLE))
                .with(Capability.unsupported(Operation.SNAPSHOT, NO_SNAPSHOT))
                .with(new Capability(Operation.SHOW, true, true, true, SHOW))
                .with(new Capability(Operation.AUTOSTART, true, false, true, AUTOSTART))
                .with(Capability.unsupported(Operation.CLONE, NO_CLONE))
                .build();
    }

    /** xm: the same lifecycle and live resizing; no reset, save or disk attach. */
    public static final Capabilities XM = Capabilities.allSupported()
            .with(new Capability(Operation.START, true, true, false, START.replace("xl create", "xm create")))
            .with(Capability.unsupported(Operation.RESET, NO_RESET_XM))
            .with(Capability.unsupported(Operation.SAVE, NO_SAVE_XM))
            .with(new Capability(Operation.SET_MEMORY, true, true, false,
                    "live only (xm mem-set within maxmem); the config file is not edited"))
            .with(new Capability(Operation.SET_VCPUS, true, true, false,
                    "live only (xm vcpu-set up to the boot-time maximum)"))
            .with(Capability.unsupported(Operation.ATTACH_DISK, NO_DISK_XM))
            .with(new Capability(Operation.CREATE, true, false, true, CREATE))
            .with(new Capability(Operation.CONSOLE, true, true, false, "xm console on a remote terminal; Ctrl-] detaches"))
            .with(Capability.unsupported(Operation.SNAPSHOT, NO_SNAPSHOT.replace("xl has", "xm has")))
            .with(Capability.unsupported(Operation.SHOW, "not offered for xm hosts"))
            .with(new Capability(Operation.AUTOSTART, true, false, true, AUTOSTART))
            .with(Capability.unsupported(Operation.CLONE, NO_CLONE))
            .build();
}
