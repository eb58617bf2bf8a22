package dev.virtdeck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code snapshot create|list|revert|delete}: the group; alone it prints its usage (a usage
 * error, as a bare {@code virtdeck} without a terminal does).
 */
@Command(name = "snapshot", sortOptions = false, usageHelpAutoWidth = true,
        description = {"VM snapshots: create, list, revert, delete (libvirt, VirtualBox, XenServer; xl has none).",
                "revert and delete never ask for confirmation: use --dry-run to see the plan first."})
final class SnapshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** @return the group with its four verbs, for {@link Virtdeck#withCommands} */
    static CommandLine group() {
        return new CommandLine(new SnapshotCommand())
                .addSubcommand(new SnapshotChangeCommand.Create())
                .addSubcommand(new SnapshotListCommand())
                .addSubcommand(new SnapshotChangeCommand.Revert())
                .addSubcommand(new SnapshotChangeCommand.Delete());
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("virtdeck: snapshot needs a command: create, list, revert or delete");
        cl.usage(cl.getErr());
        return ExitCodes.USAGE;
    }
}
