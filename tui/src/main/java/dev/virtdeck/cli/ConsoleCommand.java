package dev.virtdeck.cli;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.fleet.Failures;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetResolver;
import dev.virtdeck.fleet.TargetSelectionException;
import dev.virtdeck.inventory.Selector;
import dev.virtdeck.request.Refusal;
import dev.virtdeck.term.ConsoleSession;
import dev.virtdeck.term.RawTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code console SELECTOR [--force]}: attach the local terminal to one VM's serial console. */
@Command(name = "console", description = {"Attach to one VM's serial console; Ctrl-] returns.",
        "The selector must match exactly one VM."})
final class ConsoleCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "SELECTOR", description = "HOST:VM, or VM when unique.")
    String selector;

    @Option(names = "--force", description = "Take over a console another client holds.")
    boolean force;

    private static List<dev.virtdeck.inventory.Host> hosts(Selector sel, Cli cli) {
        try {
            return TargetResolver.hosts(List.of(sel), cli.inventory());
        } catch (TargetSelectionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static Target single(Selector sel, Cli cli, Listing listing) {
        try {
            return TargetResolver.single(sel, cli.inventory(), listing);
        } catch (TargetSelectionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    @Override
    protected int execute(Cli cli) {
        Selector sel = cli.selectors(List.of(selector)).get(0);
        Listing listing = cli.fleet().list(cli.resolve(hosts(sel, cli)));
        cli.reportHostErrors(listing.hosts());
        Target target = single(sel, cli, listing);
        HostStatus host = listing.hosts().stream().filter(h -> h.host().equals(target.host())).findFirst().orElseThrow();
        if (!host.ok()) return ExitCodes.FAILED; // already reported
        HypervisorDriver driver = cli.fleet().drivers(target.host()).stream()
                .filter(d -> d.kind().equals(target.driver())).findFirst().orElseThrow();
        Refusal no = Refusal.of(driver.capabilities(), Operation.CONSOLE, Scope.current());
        if (no != null) {
            cli.error(target.host(), target.vm(), no.message());
            return ExitCodes.FAILED;
        }
        ConsoleStream stream;
        try {
            stream = driver.console(target.vm(), force);
        } catch (RuntimeException e) {
            cli.error(target.host(), target.vm(), Failures.describe(e, target.host(), target.vm()));
            return ExitCodes.FAILED;
        }
        Env env = cli.env();
        env.err().println("Connected to " + target.label() + " (escape: ^])");
        env.err().flush();
        ConsoleSession.End end;
        if (env.terminal()) {
            try (RawTerminal raw = RawTerminal.enter()) {
                end = new ConsoleSession(stream, env.in(), env.out()).run();
            }
        } else {
            end = new ConsoleSession(stream, env.in(), env.out()).run();
        }
        env.err().println();
        env.err().println(end == ConsoleSession.End.REMOTE_CLOSED
                ? "Console of " + target.label() + " closed by the remote side."
                : "Disconnected from " + target.label() + ".");
        env.err().flush();
        return ExitCodes.OK;
    }
}
