package dev.virtdeck.cli;

import dev.virtdeck.request.AttachDisk;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attach-disk SELECTOR... --size SIZE [--live] [--config]} */
@Command(name = "attach-disk", description = "Create a new empty disk (qcow2 on libvirt) and attach it to VMs.")
final class AttachDiskCommand extends SelectorsCommand {

    @Option(names = "--size", paramLabel = "SIZE", required = true, description = "Disk size, e.g. 1G.")
    String size;

    @Mixin
    ScopeOptions scope;

    @Override
    protected VmRequest request() {
        return AttachDisk.parse(size, scope.scope());
    }
}
