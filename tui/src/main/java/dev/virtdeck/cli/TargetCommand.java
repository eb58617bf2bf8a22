package dev.virtdeck.cli;

import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * A verb applied to every target its selectors match, in parallel, one result per target.
 * The request is built (and so its values validated) before any host is contacted.
 */
abstract class TargetCommand extends BaseCommand {

    @Option(names = "--dry-run", description = {"Connect, list and check, then print what would be done per target;",
            "change nothing. Exit 0 when every target would run or has nothing to do."})
    boolean dryRun;

    @Override
    protected final int execute(Cli cli) {
        VmRequest request = request();
        Cli.Selection selection = cli.select(selectorTexts());
        return dryRun ? cli.plan(selection, request) : cli.run(selection, request);
    }

    protected abstract List<String> selectorTexts();

    /** @return the request the options ask for (throws {@link dev.virtdeck.request.BadRequestException} otherwise) */
    protected abstract VmRequest request();
}
