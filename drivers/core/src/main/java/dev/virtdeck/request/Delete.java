package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes a VM's definition.
 *
 * @param withDisks also delete its disk files
 * @param force     power a running VM off first instead of refusing
 */
public record Delete(boolean withDisks, boolean force) implements VmRequest {

    @Override
    public Operation operation() {
        return Operation.DELETE;
    }

    @Override
    public List<String> cliArguments() {
        List<String> out = new ArrayList<>();
        if (withDisks) out.add("--with-disks");
        if (force) out.add("--force");
        return out;
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return Refusal.require(this, driver, vm).delete(vm, withDisks, force);
    }

    /** A running VM is refused without {@code force}, in the drivers' words. */
    @Override
    public Forecast forecast(VmInfo vm) {
        VmState state = Checks.state(vm);
        String what = withDisks ? "its definition and disk files" : "its definition (disk files kept)";
        if (!state.isActive()) return Forecast.wouldRun("would delete " + what);
        if (!force) return Forecast.refused("the VM is " + state.label() + "; stop it first or use --force");
        return Forecast.wouldRun("would power it off (" + state.label() + "), then delete " + what);
    }
}
