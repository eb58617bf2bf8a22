package dev.virtdeck.libvirt;

import dev.virtdeck.error.InvalidRequestException;

/**
 * What the two libvirt transports say alike about snapshots: results, and libvirt's refusals put
 * in words an admin can act on (libvirt's own words follow in parentheses).
 */
public final class Snapshots {
    private Snapshots() {
    }

    public static String created(String name) {
        return "snapshot '" + name + "' taken";
    }

    public static String reverted(String name) {
        return "reverted to snapshot '" + name + "'";
    }

    public static String deleted(String name) {
        return "deleted snapshot '" + name + "'";
    }

    /** @return the error for a snapshot the VM does not have */
    public static InvalidRequestException unknown(String host, String vm, String command, String name) {
        return new InvalidRequestException(host, vm, command, "no snapshot named '" + name + "' on this VM"
                + " (see: virtdeck snapshot list)");
    }

    /** @return true when libvirt's error says the snapshot does not exist */
    public static boolean isUnknown(String libvirtText) {
        return libvirtText.contains("no domain snapshot with matching name")
                || libvirtText.contains("Domain snapshot not found");
    }

    /**
     * @return libvirt's refusal to take a snapshot, explained, or null when it is none of those
     *         virtdeck knows: a raw disk, no disk at all, a name taken
     */
    public static String explainCreate(String libvirtText, String name) {
        if (libvirtText.contains("unsupported for storage type raw")) {
            return "cannot take an internal snapshot: a disk of this VM is raw, and internal snapshots live"
                    + " inside qcow2 images (convert the disk with qemu-img convert -O qcow2); virtdeck takes no"
                    + " external snapshots, which libvirt before 9.7 cannot revert (" + libvirtText + ")";
        }
        if (libvirtText.contains("nothing selected for snapshot") || libvirtText.contains("no disk")
                || libvirtText.contains("No block device")) {
            return "cannot take a snapshot: the VM has no disk to hold it (a VM booted from kernel and initrd"
                    + " alone; attach a qcow2 disk first) (" + libvirtText + ")";
        }
        if (libvirtText.contains("require all disks to be selected")) {
            return "cannot take a snapshot of the running VM: libvirt keeps its memory inside its qcow2 disks and"
                    + " every disk must take part, and this VM has none that can (no disk at all, as a VM booted from"
                    + " kernel and initrd alone; attach a qcow2 disk first) (" + libvirtText + ")";
        }
        if (libvirtText.contains("already exists")) {
            return "a snapshot named '" + name + "' already exists on this VM (" + libvirtText + ")";
        }
        return null;
    }
}
