package dev.virtdeck.vbox;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.DriverProvider;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.List;

/** The VirtualBox module: {@code VBoxManage} over SSH. */
public final class VBoxProvider implements DriverProvider {

    @Override
    public List<DriverKind> kinds() {
        return List.of(new DriverKind(VBoxDriver.KIND, "VBoxManage", 40));
    }

    /** VBoxManage runs as the SSH user: VirtualBox VMs belong to the user who registered them (no sudo). */
    @Override
    public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
        return new VBoxDriver(host.name(), ssh);
    }

    @Override
    public String transport(HypervisorDriver driver) {
        return driver instanceof VBoxDriver ? VBoxDriver.TRANSPORT : null;
    }
}
