package dev.virtdeck.cli;

import dev.virtdeck.request.VmRequest;
import dev.virtdeck.fleet.RolloutPolicy;
import dev.virtdeck.fleet.Target;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * A verb applied to every target its selectors match, in parallel (in waves with
 * {@code --serial}), one result per target. The request and the rollout options are checked
 * before any host is contacted.
 */
abstract class TargetCommand extends BaseCommand {

    @Option(names = "--dry-run", description = {"Connect, list and check, then print what would be done per target",
            "(and in which wave); change nothing. Exit 0 when every target would run or has nothing to do."})
    boolean dryRun;

    @Mixin
    RolloutOptions rollout;

    @Override
    protected final int execute(Cli cli) {
        VmRequest request = request();
        RolloutPolicy policy = rollout.policy();
        Cli.Selection selection = cli.select(selectorTexts());
        check(selection.targets());
        return dryRun ? cli.plan(selection, request, policy) : cli.run(selection, request, policy);
    }

    protected abstract List<String> selectorTexts();

    /** Refuses targets the verb cannot take together (a usage error, before anything runs). */
    protected void check(List<Target> targets) {
    }

    /** @return the request the options ask for (throws {@link dev.virtdeck.request.BadRequestException} otherwise) */
    protected abstract VmRequest request();
}
