package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;

import java.util.Set;

/**
 * What the two libvirt transports ({@link NativeDriver}, {@code virsh.VirshDriver}) share: the
 * kind, libvirt's capabilities and the attach-disk, create and delete algorithms, run over the
 * transport's own {@link DomainSteps}.
 */
public abstract class LibvirtDriver implements HypervisorDriver {
    private final String host;
    private final LibvirtKind kind;

    /** @param host inventory name of the host */
    protected LibvirtDriver(String host) {
        this(host, LibvirtKind.LIBVIRT);
    }

    /** @param kind the kind this driver serves: VMs, or containers through libvirt's LXC driver */
    protected LibvirtDriver(String host, LibvirtKind kind) {
        this.host = host;
        this.kind = kind;
    }

    /** @return true when this driver manages containers ({@code lxc:///system}), not VMs */
    protected final boolean containers() {
        return kind == LibvirtKind.LXC;
    }

    /** @return the algorithms over this transport's steps */
    protected abstract DomainChanges changes();

    @Override
    public final String kind() {
        return kind.kindName();
    }

    @Override
    public final String host() {
        return host;
    }

    /** libvirt/KVM can do every operation, live and config; containers less (LibvirtCapabilities.LXC). */
    @Override
    public final Capabilities capabilities() {
        return containers() ? LibvirtCapabilities.LXC : LibvirtCapabilities.ALL;
    }

    @Override
    public final OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        refuseForContainers(vm, Operation.ATTACH_DISK);
        return changes().attachDisk(vm, sizeMiB, scope);
    }

    @Override
    public final OpResult create(CreateSpec spec, boolean start) {
        return containers() ? changes().createContainer(spec, start) : changes().create(spec, start);
    }

    @Override
    public final OpResult setAutostart(String vm, boolean on) {
        return changes().autostart(vm, on);
    }

    @Override
    public final OpResult clone(String vm, String newName, boolean start) {
        refuseForContainers(vm, Operation.CLONE);
        return changes().clone(vm, newName, start);
    }

    /** The request layer refuses these first; this guards a caller that skipped it. */
    protected final void refuseForContainers(String vm, Operation op) {
        if (containers()) throw op.unsupported(host, vm, capabilities().of(op).reason());
    }

    @Override
    public final OpResult delete(String vm, boolean withDisks, boolean force) {
        return changes().delete(vm, withDisks, force);
    }
}
