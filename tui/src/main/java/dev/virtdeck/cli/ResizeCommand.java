package dev.virtdeck.cli;

import dev.virtdeck.request.BadRequestException;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code set-memory} and {@code set-vcpus}: selectors then one value, the live/config scope
 * options and {@code --max}, which changes the maximum in the configuration only.
 */
abstract class ResizeCommand extends TargetCommand {

    // 1..* and checked below: with 2..* picocli refuses an option between the words (set-memory vm --live 2G)
    @Parameters(arity = "1..*", paramLabel = "SELECTOR... VALUE", description = "Selectors, then the new value.")
    List<String> args;

    @Mixin
    ScopeOptions scope;

    @Option(names = "--max", description = "Change the maximum instead (config, next boot).")
    boolean max;

    @Override
    protected final List<String> selectorTexts() {
        return words().subList(0, args.size() - 1);
    }

    @Override
    protected final VmRequest request() {
        return resize(words().get(args.size() - 1));
    }

    private List<String> words() {
        if (args.size() < 2) throw new BadRequestException("give one or more SELECTORs, then the new VALUE");
        return args;
    }

    /** @return the request for {@code value} (the last positional word) and the options */
    protected abstract VmRequest resize(String value);
}
