package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.TargetAction;

/**
 * A request on an existing VM. As a {@link TargetAction} it runs on every target through
 * {@link dev.virtdeck.fleet.Fleet#run}.
 */
public sealed interface VmRequest extends Request, TargetAction
        permits Lifecycle, Shutdown, SetMemory, SetVcpus, AttachDisk, Delete, SnapshotAction, Autostart, Clone {

    /**
     * Checks the driver's capability, then sends the request for {@code vm}.
     *
     * @throws dev.virtdeck.error.NotSupportedException naming host, VM and the reason, before
     *                                                  anything is sent to the host
     */
    @Override
    OpResult apply(HypervisorDriver driver, String vm);

    /**
     * What {@link #apply} would do to {@code vm} in the state it was listed in, judged without
     * contacting the host. The capability check is {@link #refusal}; this is the state check that
     * follows it.
     */
    Forecast forecast(VmInfo vm);
}
