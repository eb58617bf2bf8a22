package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;

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
}
