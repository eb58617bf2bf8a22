package dev.virtdeck.xapi;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.DriverProvider;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.Trace;

import java.util.List;

/**
 * The XenServer / XCP-ng module: XAPI through the SDK over the host's SSH connection. Detected by
 * {@code xe} on the PATH, and preferred to xl (preference 15 &lt; xl's 20): a XAPI dom0 has xl too,
 * but xl there sees only that member's running domains and bypasses XAPI's database.
 */
public final class XapiProvider implements DriverProvider {

    @Override
    public List<DriverKind> kinds() {
        return List.of(new DriverKind(XapiDriver.KIND, "xe", 15));
    }

    /** No settings: the socket needs no password; the SSH login must be root (the socket is root-only). */
    @Override
    public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
        return new XapiDriver(host.name(), ssh, host.sudo());
    }

    @Override
    public String transport(HypervisorDriver driver) {
        return driver instanceof XapiDriver ? XapiDriver.TRANSPORT : null;
    }
}
