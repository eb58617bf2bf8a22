package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code save SELECTOR...} */
@Command(name = "save", description = "Save VMs to disk and stop them (libvirt managed save).")
final class SaveCommand extends SelectorsCommand {
    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.save(vm);
    }
}
