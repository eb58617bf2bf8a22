package dev.virtdeck.cli;

import dev.virtdeck.request.Delete;
import dev.virtdeck.request.VmRequest;
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
    protected VmRequest request() {
        return new Delete(withDisks, force);
    }
}
