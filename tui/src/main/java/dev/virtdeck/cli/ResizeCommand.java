package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code set-memory} and {@code set-vcpus}: selectors then one value, the live/config scope
 * options and {@code --max}, which changes the maximum in the configuration only.
 */
abstract class ResizeCommand extends TargetCommand {

    @Parameters(arity = "2..*", paramLabel = "SELECTOR... VALUE", description = "Selectors, then the new value.")
    List<String> args;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--max", description = "Change the maximum instead (config, next boot).")
    boolean max;

    @Override
    protected final List<String> selectorTexts() {
        return args.subList(0, args.size() - 1);
    }

    @Override
    protected final TargetAction action() {
        TargetAction resize = resize(args.get(args.size() - 1));
        if (max && scope.live) throw new UsageException("--max changes the configuration only: drop --live");
        return resize;
    }

    /** Parses {@code value} (a usage error when invalid) and returns the per-target change. */
    protected abstract TargetAction resize(String value);
}
