package dev.virtdeck.xapi;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.Operation;

/**
 * What the XAPI driver does: every operation, live and config. The notes on supported operations
 * say what XAPI does differently from the other hypervisors.
 */
final class XapiCapabilities {
    /** Why a spec with boot files is refused (the CreateSpec fields XAPI cannot honour). */
    /** Kept word for word in request.Create's objection, which refuses --image before anything is sent. */
    static final String NO_IMAGE = "a XenServer/XCP-ng pool keeps base disks as VDIs in its SRs, not as image files"
            + " on a host: make the base VM a template (xe vm-param-set is-a-template=true) and create with"
            + " --template NAME; its disks are cloned copy-on-write on most SRs (VM.clone + VM.provision)";
    static final String CREATE_LIMITS = "XAPI creates a VM by cloning a template (the spec's template, default '"
            + XapiDriver.DEFAULT_TEMPLATE + "'): a kernel, initrd, command line or ISO path cannot be honoured"
            + " (give none; install media are added to the new VM with xe vm-cd-add); --network NAME or"
            + " bridge=BR adds a VIF on that XAPI network (by name_label, or by its dom0 bridge), none removes the"
            + " template's VIFs, and without --network the VM keeps the template's VIFs (the default template"
            + " has none)";

    static final String SNAPSHOT = "VM.snapshot: disks only (crash-consistent for a running VM); VM.revert brings"
            + " the VM back halted; delete destroys the snapshot VM and its disk copies";

    static final String AUTOSTART = "the VM's other-config:auto_poweron; XenServer acts on it at host boot only"
            + " when the pool's other-config:auto_poweron is true as well (the result says when it is not)";
    static final String CLONE = "VM.clone of a halted VM: the SR clones its disks (copy-on-write where the SR"
            + " can), VIFs are copied onto the same networks with new MACs";

    static final Capabilities CAPABILITIES = Capabilities.allSupported()
            .with(new Capability(Operation.CREATE, true, true, true, CREATE_LIMITS))
            .with(new Capability(Operation.CONSOLE, true, true, true, "xl console in dom0 of the member the VM runs"
                    + " on; refused for a VM resident on another pool member (named in the refusal)"))
            .with(new Capability(Operation.SNAPSHOT, true, true, true, SNAPSHOT))
            .with(new Capability(Operation.SHOW, true, true, true, "VBDs with their VDIs' sizes, VIFs with their"
                    + " networks, addresses from VM_guest_metrics (the guest's tools), other_config:auto_poweron;"
                    + " the raw config is the VM record"))
            .with(new Capability(Operation.AUTOSTART, true, true, true, AUTOSTART))
            .with(new Capability(Operation.CLONE, true, false, true, CLONE))
            .build();

    private XapiCapabilities() {
    }
}
