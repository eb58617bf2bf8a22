package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.fleet.TargetAction;

import java.util.List;

/** The requests that carry no value: the verb is all there is, so one constant each. */
public enum Lifecycle implements VmRequest {
    START(Operation.START, "Start VMs.", HypervisorDriver::start),
    POWEROFF(Operation.POWEROFF, "Force VMs off at once (like pulling the plug).", HypervisorDriver::poweroff),
    REBOOT(Operation.REBOOT, "Reboot VMs gracefully.", HypervisorDriver::reboot),
    RESET(Operation.RESET, "Hard-reset VMs.", HypervisorDriver::reset),
    PAUSE(Operation.PAUSE, "Pause VMs (freeze in memory).", HypervisorDriver::pause),
    RESUME(Operation.RESUME, "Resume paused VMs.", HypervisorDriver::resume),
    SAVE(Operation.SAVE, "Save VMs to disk and stop them (libvirt managed save).", HypervisorDriver::save);

    private final Operation operation;
    private final String description;
    private final TargetAction call;

    Lifecycle(Operation operation, String description, TargetAction call) {
        this.operation = operation;
        this.description = description;
        this.call = call;
    }

    @Override
    public Operation operation() {
        return operation;
    }

    @Override
    public List<String> cliArguments() {
        return List.of();
    }


    /** @return the one-line help of the CLI verb */
    public String description() {
        return description;
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return call.apply(Refusal.require(this, driver, vm), vm);
    }
}
