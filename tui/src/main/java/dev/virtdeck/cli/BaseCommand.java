package dev.virtdeck.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/**
 * Base of every verb: gives it a {@link Cli} (global options, inventory, fleet, output) that is
 * closed when the verb returns. Verbs return an exit code from {@link ExitCodes} and throw
 * {@link UsageException} (or build a request that throws
 * {@link dev.virtdeck.request.BadRequestException}) for usage errors.
 */
@Command(versionProvider = VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true)
abstract class BaseCommand implements Callable<Integer> {

    /** The root command's object, found through the spec so that a verb may sit under a group ({@code snapshot create}). */
    Virtdeck root;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        root = (Virtdeck) spec.root().userObject();
        root.checkGlobals();
        try (Cli cli = new Cli(root, probesHosts())) {
            return execute(cli);
        }
    }

    /**
     * @return whether this verb shows host latency and readiness: only then are hosts probed at
     *         connect (latency, drivers' tools: execs a one-shot list or action would wait for in
     *         vain, its first command reporting a missing tool all the same)
     */
    protected boolean probesHosts() {
        return false;
    }

    /** @return the exit code */
    protected abstract int execute(Cli cli);
}
