package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code reboot SELECTOR...} */
@Command(name = "reboot", description = "Reboot VMs gracefully.")
final class RebootCommand extends SelectorsCommand {
    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.reboot(vm);
    }
}
