package dev.virtdeck.fleet;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.List;

/** Opens a hypervisor driver of a given kind on a connected host. */
public interface DriverOpener {

    /** @return whether {@link #open} can open drivers of this kind at all */
    boolean implemented(String kind);

    /** @return the kinds it can open, in detection preference order */
    List<DriverKind> kinds();

    /**
     * @param kind an {@link #implemented} kind
     * @throws dev.virtdeck.error.VirtdeckException when the driver cannot be opened
     */
    HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace);

    /** @return how an opened driver talks to its hypervisor ("native", "virsh"), or null if unknown */
    default String transport(HypervisorDriver driver) {
        return null;
    }
}
