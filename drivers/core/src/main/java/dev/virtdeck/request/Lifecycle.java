package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
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

    /** The states each verb has nothing to do in, or cannot act in, worded as the drivers word them. */
    @Override
    public Forecast forecast(VmInfo vm) {
        VmState s = Checks.state(vm);
        if (s == VmState.UNKNOWN) return Forecast.wouldRun("would " + verb() + " (state unknown)");
        boolean active = s.isActive();
        return switch (this) {
            case START -> s == VmState.RUNNING || s == VmState.SHUTTING_DOWN ? Forecast.nothingToDo("already running")
                    : s == VmState.PAUSED ? Forecast.nothingToDo("already running (paused; resume it)")
                    : Forecast.wouldRun(s == VmState.SUSPENDED ? "would start (restoring the saved state)" : "would start");
            case POWEROFF -> active ? Forecast.wouldRun("would power off (" + s.label() + ")")
                    : Forecast.nothingToDo("already shut off");
            case REBOOT -> active ? Forecast.wouldRun("would request a reboot") : Checks.notRunning(s);
            case RESET -> active ? Forecast.wouldRun("would hard-reset") : Checks.notRunning(s);
            case PAUSE -> s == VmState.PAUSED ? Forecast.nothingToDo("already paused")
                    : active ? Forecast.wouldRun("would pause") : Checks.notRunning(s);
            case RESUME -> s == VmState.RUNNING ? Forecast.nothingToDo("already running")
                    : s == VmState.PAUSED ? Forecast.wouldRun("would resume")
                    : Forecast.refused("the VM is not paused (state " + s.label() + ")");
            case SAVE -> s == VmState.SUSPENDED ? Forecast.nothingToDo("already saved")
                    : active ? Forecast.wouldRun("would save it to disk and stop it")
                    : Forecast.refused("cannot save: the VM is not running (state " + s.label() + ")");
        };
    }
}
