package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code start SELECTOR...} */
@Command(name = "start", description = "Start VMs.")
final class StartCommand extends SelectorsCommand {
    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.start(vm);
    }
}
