package dev.virtdeck.cli;

import dev.virtdeck.inventory.AnsibleExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code inventory export}: the group; alone it prints its usage (a usage error). */
@Command(name = "inventory", sortOptions = false, usageHelpAutoWidth = true,
        description = "The inventory itself: export it as an Ansible YAML inventory.")
final class InventoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** @return the group with its verb, for {@link Virtdeck#withCommands} */
    static CommandLine group() {
        return new CommandLine(new InventoryCommand()).addSubcommand(new Export());
    }

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        cl.getErr().println("virtdeck: inventory needs a command: export");
        cl.usage(cl.getErr());
        return ExitCodes.USAGE;
    }

    /**
     * {@code inventory export}: reads the inventory of {@code -i} (any format, {@code -l} applied)
     * and prints it as Ansible YAML; no host is contacted. Not a {@link BaseCommand}: it is the one
     * verb that takes {@code -o yaml}, which the global check refuses for every other.
     */
    @Command(name = "export", sortOptions = false, usageHelpAutoWidth = true,
            description = {"Print the inventory (virtdeck YAML, Ansible or ssh:, after -l) as an Ansible YAML inventory"
                    + " with virtdeck_* variables; -i reads it back. Output: -o yaml (the default)."})
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Virtdeck root = (Virtdeck) spec.root().userObject();
            if (root.output == OutputFormat.json || root.output == OutputFormat.jsonl) {
                throw new UsageException("inventory export writes YAML: use -o yaml (the default), not -o " + root.output);
            }
            try (Cli cli = new Cli(root, false)) {
                cli.env().out().print(AnsibleExport.write(cli.inventory()));
                cli.env().out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
