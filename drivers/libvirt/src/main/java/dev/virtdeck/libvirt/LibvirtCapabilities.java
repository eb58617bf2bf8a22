package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.Operation;

import static dev.virtdeck.driver.Capability.unsupported;

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

    /**
     * Containers through libvirt's LXC driver (libvirt 9.0 measured, docs/capabilities.md): one
     * kernel, so nothing that boots, emulates or images a machine; what libvirt refuses says so.
     */
    public static final Capabilities LXC = Capabilities.allSupported()
            .with(new Capability(Operation.SHUTDOWN, true, true, true,
                    "SIGTERM to the container's init (libvirt's signal mode); an init that ignores it needs --force"))
            .with(unsupported(Operation.REBOOT, "a container reboots only through its own init; libvirt's LXC"
                    + " reboot asks an initctl fifo or sends SIGHUP, which a minimal init ignores: shutdown, then start"))
            .with(unsupported(Operation.RESET, "libvirt's LXC driver has no reset (virDomainReset): use poweroff, then start"))
            .with(unsupported(Operation.SAVE, "libvirt's LXC driver has no managed save: a container's processes"
                    + " cannot be written to disk and restored"))
            .with(new Capability(Operation.SET_MEMORY, true, true, true,
                    "the container's memory cgroup limit (memory.limit_in_bytes), live at once; the maximum"
                            + " changes in the config only (next start)"))
            .with(unsupported(Operation.SET_VCPUS, "libvirt's LXC driver cannot change vCPUs (virDomainSetVcpusFlags"
                    + " is not supported): a container sees the host's CPUs; limit it with CPU shares or quota"))
            .with(unsupported(Operation.ATTACH_DISK, "a container has no virtual disks: it uses directories of the"
                    + " host (filesystem mounts)"))
            .with(new Capability(Operation.CREATE, true, false, true,
                    "from a root filesystem directory on the host (--rootfs DIR, its /sbin/init as PID 1);"
                            + " no kernel, ISO or disk image: a container runs on the host's kernel"))
            .with(unsupported(Operation.SNAPSHOT, "libvirt's LXC driver has no snapshots: snapshot the root"
                    + " filesystem directory on the host (LVM, ZFS, btrfs)"))
            .with(new Capability(Operation.AUTOSTART, true, false, true,
                    "started when libvirtd starts (virsh -c lxc:///system autostart)"))
            .with(unsupported(Operation.CLONE, "a container's root filesystem is a host directory virtdeck does"
                    + " not copy: copy it, then create from the copy (--rootfs)"))
            .with(new Capability(Operation.SHOW, true, true, true, "NICs and console from the domain XML, addresses"
                    + " from DHCP leases of libvirt networks; the root filesystem mount only in show --raw (the XML)"))
            .build();
}
