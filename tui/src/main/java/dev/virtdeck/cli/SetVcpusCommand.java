package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code set-vcpus SELECTOR... N [--live] [--config] [--max]} */
@Command(name = "set-vcpus", customSynopsis = "virtdeck set-vcpus [OPTIONS] SELECTOR... N",
        description = "Set VMs' vCPU count within their maximum, or the maximum itself with --max.")
final class SetVcpusCommand extends TargetCommand {

    @Parameters(arity = "2..*", paramLabel = "SELECTOR... N", description = "Selectors, then the count.")
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
        int count = Sizes.parseCount(args.get(args.size() - 1), "vCPU count");
        if (max && scope.live) throw new UsageException("--max changes the configuration only: drop --live");
        return (driver, vm) -> driver.setVcpus(vm, count, scope.scope(), max);
    }
}
