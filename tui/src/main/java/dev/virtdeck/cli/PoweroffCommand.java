package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code poweroff SELECTOR...} */
@Command(name = "poweroff", description = "Force VMs off at once (like pulling the plug).")
final class PoweroffCommand extends SelectorsCommand {
    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.poweroff(vm);
    }
}
