package dev.virtdeck.request;

import dev.virtdeck.error.NotSupportedException;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.fleet.TargetAction;

/**
 * A request on an existing VM. As a {@link TargetAction} it runs on every target through
 * {@link dev.virtdeck.fleet.Fleet#run}.
 */
public sealed interface VmRequest extends Request, TargetAction
        permits Lifecycle, Shutdown, SetMemory, SetVcpus, AttachDisk, Delete {

    /**
     * Checks the driver's capability, then sends the request for {@code vm}.
     *
     * @throws dev.virtdeck.error.NotSupportedException naming host, VM and the reason, before
     *                                                  anything is sent to the host
     */
    @Override
    OpResult apply(HypervisorDriver driver, String vm);
}
