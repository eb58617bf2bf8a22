package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmInfo;

import java.util.List;
import java.util.Set;

/**
 * Sets a VM's memory within its maximum, or with {@code max} the maximum itself (in the
 * configuration, for the next boot).
 */
public record SetMemory(long mib, Set<Scope> scope, boolean max) implements VmRequest {

    public SetMemory {
        Checks.memory(mib);
        scope = Checks.scope(scope, max);
    }

    /** @param size a size as {@link Sizes#parseMiB} reads it */
    public static SetMemory parse(String size, Set<Scope> scope, boolean max) {
        return new SetMemory(Sizes.parseMiB(size), scope, max);
    }

    @Override
    public Operation operation() {
        return Operation.SET_MEMORY;
    }

    @Override
    public List<String> cliArguments() {
        return Checks.resizeArguments(scope, max, Sizes.spell(mib));
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return Refusal.require(this, driver, vm).setMemory(vm, mib, scope, max);
    }

    /** A new maximum is always a configuration change: not resolved by the VM's state. */
    @Override
    public boolean scoped() {
        return !max;
    }

    @Override
    public Forecast forecast(VmInfo vm) {
        return Checks.resize(vm, scope, max, mib, vm.memoryMiB(), vm.maxMemoryMiB(), "memory", verb(), n -> n + " MiB");
    }
}
