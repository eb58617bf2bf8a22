package dev.virtdeck.nulldriver;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.DriverProvider;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.List;

/** The null module: kind {@code null}, opened only where an inventory names it (no tool to detect). */
public final class NullProvider implements DriverProvider {

    @Override
    public List<DriverKind> kinds() {
        return List.of(new DriverKind("null", null, 90));
    }

    @Override
    public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
        return new NullDriver(host.name());
    }
}
