package dev.virtdeck.cli;

import dev.virtdeck.request.VmRequest;

import java.util.List;

/**
 * A verb applied to every target its selectors match, in parallel, one result per target.
 * The request is built (and so its values validated) before any host is contacted.
 */
abstract class TargetCommand extends BaseCommand {

    @Override
    protected final int execute(Cli cli) {
        VmRequest request = request();
        return cli.run(cli.select(selectorTexts()), request);
    }

    protected abstract List<String> selectorTexts();

    /** @return the request the options ask for (throws {@link dev.virtdeck.request.BadRequestException} otherwise) */
    protected abstract VmRequest request();
}
