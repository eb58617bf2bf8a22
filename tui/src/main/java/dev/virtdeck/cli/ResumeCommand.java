package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code resume SELECTOR...} */
@Command(name = "resume", description = "Resume paused VMs.")
final class ResumeCommand extends SelectorsCommand {
    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.resume(vm);
    }
}
