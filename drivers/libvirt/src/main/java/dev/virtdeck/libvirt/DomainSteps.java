package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmState;

import java.util.Set;

/**
 * The steps of the libvirt algorithms in {@link DomainChanges} that differ by transport: one
 * libvirt API call (native) or one virsh run each. A step that changes something returns its
 * command line or API call, for the result; every failure is thrown as the error family (an
 * unknown VM as a {@code VmNotFoundException}).
 */
public interface DomainSteps {

    /** What a step reads: the output and the command or call that read it. */
    record Read(String command, String text) {
    }

    /** The VM as it is now, and the command or call that looked. */
    record Domain(VmState state, boolean persistent, String command) {
    }

    Domain look(String vm);

    /** @return the live domain XML, or with {@code inactive} the persistent definition */
    String xml(String vm, boolean inactive);

    /** @return true when a VM of this name is defined or running */
    boolean exists(String vm);

    /** @return the host's capabilities XML */
    Read capabilities();

    /** @return whether the host's libvirt network of this name is active, or null when there is none */
    Boolean networkActive(String network);

    /** Turns the VM's autostart (start when libvirtd starts) on or off. */
    String autostart(String vm, boolean on);

    /** Attaches the qcow2 file {@code path} as the virtio disk {@code target} in {@code scopes} (never empty). */
    String attachDisk(String vm, String path, String target, Set<Scope> scopes);

    /** Defines the VM from {@code xml} (a domain of {@code domainType}). */
    String define(String vm, String xml, String domainType);

    String start(String vm);

    /** Powers the VM off; a transient VM vanishes. */
    String destroy(String vm);

    /** Undefines the VM with its managed-save image, snapshot metadata and NVRAM. */
    String undefine(String vm);
}
