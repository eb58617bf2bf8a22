package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

import java.util.ArrayList;
import java.util.List;

/**
 * Clones the target VM on its host under {@code newName}: its definition, copies of its
 * writable disks, new identities.
 *
 * @param start start the clone once defined
 */
public record Clone(String newName, boolean start) implements VmRequest {

    public Clone {
        if (newName == null || newName.isBlank()) throw new BadRequestException("NEW must not be empty");
    }

    @Override
    public Operation operation() {
        return Operation.CLONE;
    }

    /** @return the words after the source: the new name ({@code -- NEW} for a name like an option), then --start */
    @Override
    public List<String> cliArguments() {
        List<String> out = new ArrayList<>();
        if (start) out.add("--start");
        if (newName.startsWith("-")) out.add("--");
        out.add(newName);
        return out;
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return Refusal.require(this, driver, vm).clone(vm, newName, start);
    }

    @Override
    public Forecast forecast(VmInfo vm) {
        VmState s = Checks.state(vm);
        if (vm.name().equals(newName)) return Forecast.refused("the clone needs a name of its own");
        if (s != VmState.SHUTOFF && s != VmState.UNKNOWN) {
            return Forecast.refused("the VM is " + s.label() + "; shut it down first (its disks are copied)");
        }
        return Forecast.wouldRun("would clone it as " + newName + (start ? " and start the clone" : ""));
    }
}
