package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmInfo;

import java.util.List;
import java.util.Set;

/**
 * Sets a VM's vCPU count within its maximum, or with {@code max} the maximum itself (in the
 * configuration, for the next boot).
 */
public record SetVcpus(int count, Set<Scope> scope, boolean max) implements VmRequest {

    public SetVcpus {
        Checks.vcpus(count);
        scope = Checks.scope(scope, max);
    }

    /** @param count a positive whole number */
    public static SetVcpus parse(String count, Set<Scope> scope, boolean max) {
        return new SetVcpus(Sizes.parseCount(count, "vCPU count"), scope, max);
    }

    @Override
    public Operation operation() {
        return Operation.SET_VCPUS;
    }

    @Override
    public List<String> cliArguments() {
        return Checks.resizeArguments(scope, max, Integer.toString(count));
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return Refusal.require(this, driver, vm).setVcpus(vm, count, scope, max);
    }

    /** A new maximum is always a configuration change: not resolved by the VM's state. */
    @Override
    public boolean scoped() {
        return !max;
    }

    @Override
    public Forecast forecast(VmInfo vm) {
        return Checks.resize(vm, scope, max, count, vm.vcpus(), vm.maxVcpus(), "vCPUs", verb(), Long::toString);
    }
}
