package dev.virtdeck.driver;

import dev.virtdeck.error.NotSupportedException;

import java.util.List;
import java.util.Set;

/**
 * The driver SPI: one instance per host, bound to that host's SSH connection. Drivers keep no
 * cache of VM state (every call asks the hypervisor), so callers never see stale data.
 *
 * <p>Failures are {@link dev.virtdeck.error.VirtdeckException}s naming host, VM and command. An
 * operation the driver cannot do throws {@link dev.virtdeck.error.NotSupportedException} with the
 * reason from {@link #capabilities()}. An action that finds the VM already in the wanted state
 * returns normally with a message saying so.
 */
public interface HypervisorDriver extends AutoCloseable {

    /** @return the driver kind: libvirt, xl, xm, vbox */
    String kind();

    /** @return the inventory name of the host */
    String host();

    /** @return what this driver can do on this host */
    Capabilities capabilities();

    List<VmInfo> list();

    VmInfo details(String vm);

    OpResult start(String vm);

    OpResult shutdown(String vm, ShutdownRequest request);

    OpResult poweroff(String vm);

    OpResult reboot(String vm);

    OpResult reset(String vm);

    OpResult pause(String vm);

    OpResult resume(String vm);

    /** Suspend to disk (libvirt managed save). */
    OpResult save(String vm);

    /** @param max change the maximum (config, next boot) instead of the current amount */
    OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max);

    /** @param max change the maximum (config, next boot) instead of the current count */
    OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max);

    /** Creates a new empty disk of {@code sizeMiB} next to the VM's storage and attaches it. */
    OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope);

    OpResult create(CreateSpec spec, boolean start);

    /** @param force stop a running VM first instead of refusing */
    OpResult delete(String vm, boolean withDisks, boolean force);

    /** @param force take over a console another client holds */
    ConsoleStream console(String vm, boolean force);

    HostInfo hostInfo();

    /**
     * Checks, where opening did not, that the host has what this driver runs (its tool on the
     * login's PATH), so that a probe ({@code hosts}, the TUI) reports a host that cannot work when
     * it connects rather than at its first use. Opening skips it to spare every host an exec.
     *
     * @throws dev.virtdeck.error.VirtdeckException naming the host and the command when it does not
     */
    default void checkTools() {
    }

    /**
     * The pool this host belongs to, for hypervisors whose hosts form pools that share one VM
     * database (XAPI): every member's driver lists the same VMs, so a fleet that reaches several
     * members lists each pool VM once, under the member it runs on (see {@link VmInfo#residentOn()}).
     *
     * @return the pool and this host's name in it, or empty for a standalone host
     */
    default java.util.Optional<PoolMember> pool() {
        return java.util.Optional.empty();
    }

    /** Releases what the driver holds (native libvirt connection); the SSH connection stays pooled. */
    @Override
    void close();

    // ---- snapshots (issue 14): delegated to the driver's Snapshotting; refused without one ----------

    /** @return the driver's snapshot implementation, or null when it has none (the calls below then refuse) */
    default Snapshotting snapshotting() {
        return null;
    }

    /**
     * @return the VM's snapshots, oldest first (see {@link VmSnapshot#ORDER}); empty when it has none
     * @throws dev.virtdeck.error.NotSupportedException when the driver has no snapshots
     */
    default List<VmSnapshot> snapshots(String vm) {
        Snapshotting s = snapshotting();
        if (s == null) throw noSnapshots(vm);
        return s.list(vm);
    }

    /**
     * Takes a snapshot named {@code name} of the VM in the state it is in (running: with its memory
     * where the hypervisor can, so reverting resumes it).
     *
     * @param description free text kept with it, or null
     * @throws dev.virtdeck.error.InvalidRequestException when the name is taken or the VM's disks
     *                                                    cannot be snapshotted (saying why)
     */
    default OpResult createSnapshot(String vm, String name, String description) {
        Snapshotting s = snapshotting();
        if (s == null) throw noSnapshots(vm);
        return s.create(vm, name, description);
    }

    /**
     * Puts the VM back to snapshot {@code name}: its disks, and its memory and run state when the
     * snapshot holds them. What changed since is lost.
     *
     * @throws dev.virtdeck.error.InvalidRequestException naming the snapshot when the VM has none of that name
     */
    default OpResult revertSnapshot(String vm, String name) {
        Snapshotting s = snapshotting();
        if (s == null) throw noSnapshots(vm);
        return s.revert(vm, name);
    }

    /**
     * Deletes snapshot {@code name} (its children, if any, are kept and re-parented); the VM's
     * current state is not changed.
     *
     * @throws dev.virtdeck.error.InvalidRequestException naming the snapshot when the VM has none of that name
     */
    default OpResult deleteSnapshot(String vm, String name) {
        Snapshotting s = snapshotting();
        if (s == null) throw noSnapshots(vm);
        return s.delete(vm, name);
    }

    /** @return the refusal of a snapshot call by a driver that does not implement snapshots */
    private NotSupportedException noSnapshots(String vm) {
        String reason = capabilities().of(Operation.SNAPSHOT).reason();
        return Operation.SNAPSHOT.unsupported(host(), vm, reason != null ? reason : "not implemented by this driver");
    }

    /**
     * Turns the VM's autostart (started with the host's hypervisor service) on or off.
     *
     * @throws dev.virtdeck.error.NotSupportedException where the kind has no autostart
     */
    default OpResult setAutostart(String vm, boolean on) {
        throw Operation.AUTOSTART.unsupported(host(), vm, capabilities().of(Operation.AUTOSTART).reason());
    }

    /**
     * Clones a VM on the same host: its definition under {@code newName}, with copies of its
     * writable disks and new identities (UUID, MAC addresses).
     *
     * @param start start the clone once defined
     */
    default OpResult clone(String vm, String newName, boolean start) {
        throw Operation.CLONE.unsupported(host(), vm, capabilities().of(Operation.CLONE).reason());
    }

    /**
     * The VM in full for {@code show}: its listed facts, disks (with sizes where cheap), NICs (with
     * the addresses the hypervisor can know and where each came from), console devices and
     * autostart. Read fresh on each call, in as few round trips as the transport allows.
     *
     * @throws NotSupportedException when the kind cannot describe VMs (the reason is its capability's)
     */
    default VmDetails describe(String vm) {
        throw showUnsupported(vm);
    }

    /**
     * The VM's configuration in the hypervisor's own format, as its tool prints it: libvirt domain
     * XML, {@code xl list -l} JSON, {@code VBoxManage showvminfo --machinereadable}, the XAPI VM
     * record.
     *
     * @throws NotSupportedException when the kind cannot print it (the reason is its capability's)
     */
    default String rawConfig(String vm) {
        throw showUnsupported(vm);
    }

    private NotSupportedException showUnsupported(String vm) {
        String reason = capabilities().of(Operation.SHOW).reason();
        return Operation.SHOW.unsupported(host(), vm, reason != null ? reason : "not implemented by this driver");
    }
}
