package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code reset SELECTOR...} */
@Command(name = "reset", description = "Hard-reset VMs.")
final class ResetCommand extends SelectorsCommand {
    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.reset(vm);
    }
}
