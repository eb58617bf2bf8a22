package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code set-memory SELECTOR... SIZE [--live] [--config] [--max]} */
@Command(name = "set-memory", customSynopsis = "virtdeck set-memory [OPTIONS] SELECTOR... SIZE",
        description = {"Set VMs' memory (balloon) within their maximum, or the maximum itself with --max.",
                "SIZE: number with optional K, M, G, T suffix (binary, optional iB); bare number = MiB."})
final class SetMemoryCommand extends TargetCommand {

    @Parameters(arity = "2..*", paramLabel = "SELECTOR... SIZE", description = "Selectors, then the size.")
    List<String> args;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--max", description = "Change the maximum instead (config, next boot).")
    boolean max;

    @Override
    protected List<String> selectorTexts() {
        return args.subList(0, args.size() - 1);
    }

    @Override
    protected TargetAction action() {
        long mib = Sizes.parseMiB(args.get(args.size() - 1));
        if (max && scope.live) throw new UsageException("--max changes the configuration only: drop --live");
        return (driver, vm) -> driver.setMemory(vm, mib, scope.scope(), max);
    }
}
