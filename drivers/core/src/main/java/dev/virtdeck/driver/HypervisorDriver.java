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
