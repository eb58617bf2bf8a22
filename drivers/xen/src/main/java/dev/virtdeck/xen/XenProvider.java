package dev.virtdeck.xen;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.DriverProvider;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.List;

/** The Xen module: {@code xl}, and the legacy {@code xm} of Xen 4.4 and older. */
public final class XenProvider implements DriverProvider {

    @Override
    public List<DriverKind> kinds() {
        return List.of(new DriverKind("xl", "xl", 20), new DriverKind("xm", "xm", 30));
    }

    @Override
    public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
        return new XlDriver(host.name(), ssh, Toolstack.forKind(kind), host.xen().configDir(), host.xen().saveDir(),
                host.sudo());
    }

    /** @return "xl" or "xm": the toolstack is the transport */
    @Override
    public String transport(HypervisorDriver driver) {
        return driver instanceof XlDriver ? driver.kind() : null;
    }
}
