package dev.virtdeck.driver;

import dev.virtdeck.ssh.Trace;

import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.List;

/**
 * The plug-in point of a driver module, found through {@link java.util.ServiceLoader}: a module
 * lists its implementation in {@code META-INF/services/dev.virtdeck.driver.DriverProvider}, and
 * nothing outside the module names it. Implementations are stateless.
 */
public interface DriverProvider {

    /** @return the kinds this module opens (xen: xl and xm) */
    List<DriverKind> kinds();

    /**
     * Opens a driver for one host over its held SSH connection.
     *
     * @param kind one of {@link #kinds()}
     * @throws dev.virtdeck.error.VirtdeckException when the driver cannot be opened
     */
    HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace);

    /**
     * @return how an opened driver of this module talks to its hypervisor ("native", "virsh",
     * "xl"), or null when it has one way only and says nothing
     */
    default String transport(HypervisorDriver driver) {
        return null;
    }
}
