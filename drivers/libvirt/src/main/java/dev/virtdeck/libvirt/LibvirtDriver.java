package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;

import java.util.Set;

/**
 * What the two libvirt transports ({@link NativeDriver}, {@code virsh.VirshDriver}) share: the
 * kind, libvirt's capabilities and the attach-disk, create and delete algorithms, run over the
 * transport's own {@link DomainSteps}.
 */
public abstract class LibvirtDriver implements HypervisorDriver {
    private final String host;

    /** @param host inventory name of the host */
    protected LibvirtDriver(String host) {
        this.host = host;
    }

    /** @return the algorithms over this transport's steps */
    protected abstract DomainChanges changes();

    @Override
    public final String kind() {
        return "libvirt";
    }

    @Override
    public final String host() {
        return host;
    }

    /** libvirt/KVM can do every operation, live and config. */
    @Override
    public final Capabilities capabilities() {
        return LibvirtCapabilities.ALL;
    }

    @Override
    public final OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        return changes().attachDisk(vm, sizeMiB, scope);
    }

    @Override
    public final OpResult create(CreateSpec spec, boolean start) {
        return changes().create(spec, start);
    }

    @Override
    public final OpResult setAutostart(String vm, boolean on) {
        return changes().autostart(vm, on);
    }

    @Override
    public final OpResult clone(String vm, String newName, boolean start) {
        return changes().clone(vm, newName, start);
    }

    @Override
    public final OpResult delete(String vm, boolean withDisks, boolean force) {
        return changes().delete(vm, withDisks, force);
    }
}
