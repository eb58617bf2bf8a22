package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code pause SELECTOR...} */
@Command(name = "pause", description = "Pause VMs (freeze in memory).")
final class PauseCommand extends SelectorsCommand {
    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.pause(vm);
    }
}
