package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Creates a new empty disk of {@code sizeMiB} next to the VM's storage and attaches it. */
public record AttachDisk(long sizeMiB, Set<Scope> scope) implements VmRequest {

    public AttachDisk {
        Checks.disk(sizeMiB);
        scope = Checks.scope(scope, false);
    }

    /** @param size a size as {@link Sizes#parseMiB} reads it */
    public static AttachDisk parse(String size, Set<Scope> scope) {
        return new AttachDisk(Sizes.parseMiB(size), scope);
    }

    @Override
    public Operation operation() {
        return Operation.ATTACH_DISK;
    }

    @Override
    public List<String> cliArguments() {
        List<String> out = new ArrayList<>(List.of("--size", Sizes.spell(sizeMiB)));
        out.addAll(Checks.spell(scope));
        return out;
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return Refusal.require(this, driver, vm).attachDisk(vm, sizeMiB, scope);
    }

    @Override
    public boolean scoped() {
        return true;
    }

    @Override
    public Forecast forecast(VmInfo vm) {
        VmState state = Checks.state(vm);
        Set<Scope> scopes = Checks.scopes(scope, state);
        if (scopes == null) return Checks.notLive(state);
        return Forecast.wouldRun("would create a new " + sizeMiB + " MiB disk and attach it" + Scope.text(scopes));
    }
}
