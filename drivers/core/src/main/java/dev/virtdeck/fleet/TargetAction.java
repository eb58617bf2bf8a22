package dev.virtdeck.fleet;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;

/** An action applied to one VM through its host's driver, e.g. {@code (d, vm) -> d.start(vm)}. */
@FunctionalInterface
public interface TargetAction {
    OpResult apply(HypervisorDriver driver, String vm);
}
