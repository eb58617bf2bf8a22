package dev.virtdeck.driver;

import java.util.List;

/**
 * A driver's snapshots as one role: {@link HypervisorDriver}'s snapshot calls delegate to it, so a driver with
 * snapshots hands out its implementation ({@link HypervisorDriver#snapshotting()}) instead of forwarding each
 * call. The contracts are those of the four calls on {@link HypervisorDriver}.
 */
public interface Snapshotting {
    /** @see HypervisorDriver#snapshots(String) */
    List<VmSnapshot> list(String vm);

    /** @see HypervisorDriver#createSnapshot(String, String, String) */
    OpResult create(String vm, String name, String description);

    /** @see HypervisorDriver#revertSnapshot(String, String) */
    OpResult revert(String vm, String name);

    /** @see HypervisorDriver#deleteSnapshot(String, String) */
    OpResult delete(String vm, String name);
}
