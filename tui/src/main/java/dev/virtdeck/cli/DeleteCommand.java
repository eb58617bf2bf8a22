package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code delete SELECTOR... [--with-disks] [--force]} */
@Command(name = "delete", description = {"Remove VMs (their definition, managed save and snapshots metadata).",
        "A running VM is refused unless --force (it is then powered off first). Never asks for confirmation."})
final class DeleteCommand extends SelectorsCommand {

    @Option(names = "--with-disks", description = "Also delete the VMs' disk files.")
    boolean withDisks;

    @Option(names = "--force", description = "Power off a running VM first instead of refusing.")
    boolean force;

    @Override
    protected TargetAction action() {
        return (driver, vm) -> driver.delete(vm, withDisks, force);
    }
}
