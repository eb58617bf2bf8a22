package dev.virtdeck.libvirt;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.DriverProvider;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.libvirt.virsh.VirshDriver;
import dev.virtdeck.ssh.SshHost;

import java.util.List;

/** The libvirt module: the native API through an SSH tunnel, or virsh over SSH. */
public final class LibvirtProvider implements DriverProvider {
    static final DriverKind KIND = new DriverKind("libvirt", "virsh", 10);
    /**
     * Containers through libvirt's LXC driver: never auto-detected (no tool of its own: virsh is
     * the VMs' tool too, and the LXC driver is a plug-in of libvirtd), so only an inventory's
     * {@code drivers: [..., lxc]} opens it.
     */
    static final DriverKind LXC = new DriverKind("lxc", null, 15);

    @Override
    public List<DriverKind> kinds() {
        return List.of(KIND, LXC);
    }

    @Override
    public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
        if (LXC.name().equals(kind)) return LibvirtDriverFactory.openContainers(host.name(), ssh, host.libvirt(), host.sudo(), trace);
        return LibvirtDriverFactory.open(host.name(), ssh, host.libvirt(), host.sudo(), trace);
    }

    @Override
    public String transport(HypervisorDriver driver) {
        if (driver instanceof NativeDriver) return "native";
        if (driver instanceof VirshDriver) return "virsh";
        return null;
    }
}
