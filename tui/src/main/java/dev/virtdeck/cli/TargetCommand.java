package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;

import java.util.List;

/**
 * A verb applied to every target its selectors match, in parallel, one result per target.
 * Options are validated before any host is contacted.
 */
abstract class TargetCommand extends BaseCommand {

    @Override
    protected final int execute(Cli cli) {
        TargetAction action = action();
        return cli.run(cli.select(selectorTexts()), action);
    }

    protected abstract List<String> selectorTexts();

    /** @return the action, built from validated options (throws {@link UsageException} otherwise) */
    protected abstract TargetAction action();
}
