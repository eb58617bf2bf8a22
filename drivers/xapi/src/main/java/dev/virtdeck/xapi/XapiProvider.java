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
 * {@code xe} on the PATH, and it supersedes xl: a XAPI dom0 has xl too, but xl there sees only that
 * member's running domains and would bypass XAPI's database, so auto-detection opens xapi alone.
 */
public final class XapiProvider implements DriverProvider {

    @Override
    public List<DriverKind> kinds() {
        return List.of(new DriverKind(XapiDriver.KIND, "xe", 15, List.of("xl", "xm")));
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
