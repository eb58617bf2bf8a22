package dev.virtdeck.driver;

import java.time.Instant;
import java.util.Locale;

/**
 * One snapshot of a VM as the drivers normalize it. Boxed and object fields are null when the
 * hypervisor does not say.
 *
 * @param name        the snapshot's name, unique per VM (what revert and delete take)
 * @param created     when it was taken
 * @param description the text given at creation, or null
 * @param vmState     the state of the VM it captured ({@link VmState#SHUTOFF} for a snapshot of a VM
 *                    that was off; a disk-only snapshot of a running VM is {@link VmState#UNKNOWN})
 * @param nativeState the hypervisor's own word for that state (libvirt's {@code disk-snapshot})
 * @param current     the VM's current snapshot: the one its disks descend from, that a new snapshot
 *                    will have as parent
 * @param parent      the snapshot this one was taken on top of, or null for a root
 * @param location    where the captured data lives: inside the disk images, or in files of its own
 * @param memory      whether it holds the VM's memory (reverting resumes the running guest) rather
 *                    than only its disks
 */
public record VmSnapshot(String name, Instant created, String description, VmState vmState, String nativeState,
                         boolean current, String parent, Location location, Boolean memory) {

    /** Oldest first; snapshots taken in the same second by name. */
    public static final java.util.Comparator<VmSnapshot> ORDER = java.util.Comparator
            .comparing(VmSnapshot::created, java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
            .thenComparing(VmSnapshot::name);

    /** Where a snapshot's data lives. */
    public enum Location {
        /** Inside the disk images (qcow2 internal snapshots, VirtualBox differencing images it manages). */
        INTERNAL,
        /** In separate overlay or state files. */
        EXTERNAL;

        /** @return the label used in output: {@code internal}, {@code external} */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @return a short text for tables: {@code internal, with memory}, {@code internal, disks only} */
    public String kind() {
        String where = location == null ? null : location.label();
        String what = memory == null ? null : memory ? "with memory" : "disks only";
        if (where == null) return what == null ? "-" : what;
        return what == null ? where : where + ", " + what;
    }
}
