package dev.virtdeck.fleet;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Trace;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.libvirt.LibvirtDriverFactory;
import dev.virtdeck.libvirt.NativeDriver;
import dev.virtdeck.libvirt.virsh.VirshDriver;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.vbox.VBoxDriver;
import dev.virtdeck.xen.Toolstack;
import dev.virtdeck.xen.XlDriver;

/** The drivers that exist: libvirt (native API or virsh), vbox (VBoxManage), and Xen through xl or xm. */
public final class DefaultDriverOpener implements DriverOpener {

    @Override
    public boolean implemented(String kind) {
        return "libvirt".equals(kind) || VBoxDriver.KIND.equals(kind) || isXen(kind);
    }

    @Override
    public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
        if (!implemented(kind)) throw new IllegalArgumentException("driver " + kind + " is not implemented yet");
        // VBoxManage runs as the SSH user: VirtualBox VMs belong to the user who registered them (no sudo).
        if (VBoxDriver.KIND.equals(kind)) return new VBoxDriver(host.name(), ssh);
        if (isXen(kind)) {
            return new XlDriver(host.name(), ssh, Toolstack.forKind(kind), host.xen().configDir(), host.xen().saveDir(),
                    host.sudo());
        }
        return LibvirtDriverFactory.open(host.name(), ssh, host.libvirt(), host.sudo(), trace);
    }

    @Override
    public String transport(HypervisorDriver driver) {
        if (driver instanceof NativeDriver) return "native";
        if (driver instanceof VirshDriver) return "virsh";
        if (driver instanceof VBoxDriver) return VBoxDriver.TRANSPORT;
        if (driver instanceof XlDriver) return driver.kind(); // "xl" or "xm"
        return null;
    }

    private static boolean isXen(String kind) {
        return "xl".equals(kind) || "xm".equals(kind);
    }
}
