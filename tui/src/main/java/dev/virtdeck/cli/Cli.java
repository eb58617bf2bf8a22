package dev.virtdeck.cli;

import dev.virtdeck.ssh.Trace;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetResolver;
import dev.virtdeck.fleet.TargetResult;
import dev.virtdeck.fleet.TargetSelectionException;
import dev.virtdeck.inventory.Host;
import dev.virtdeck.inventory.HostResolver;
import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.InventoryException;
import dev.virtdeck.inventory.InventoryLoader;
import dev.virtdeck.inventory.Overrides;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.inventory.Selector;
import dev.virtdeck.inventory.SelectorException;
import dev.virtdeck.inventory.SshConfig;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.request.PlanStep;
import dev.virtdeck.request.Plans;
import dev.virtdeck.request.VmRequest;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a verb works with: the global options, the inventory, the fleet and the output, made on
 * first use and closed when the verb returns. Usage problems surface as {@link UsageException}.
 */
final class Cli implements AutoCloseable {
    private final Virtdeck root;
    private final Env env;
    private final Output output;
    private Inventory inventory;
    private HostResolver resolver;
    private Fleet fleet;

    Cli(Virtdeck root) {
        this.root = root;
        this.env = root.env;
        this.output = root.output == OutputFormat.json ? new JsonOutput(env.out()) : new TableOutput(env.out());
    }

    Env env() {
        return env;
    }

    Output output() {
        return output;
    }

    /** The inventory of {@code -i FILE}, else the default path. */
    Inventory inventory() {
        if (inventory == null) {
            Path file = root.inventory != null ? env.resolve(root.inventory) : InventoryLoader.defaultPath();
            try {
                inventory = InventoryLoader.load(file, env.driverKinds());
            } catch (InventoryException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        return inventory;
    }

    List<Selector> selectors(List<String> texts) {
        List<Selector> out = new ArrayList<>();
        for (String t : texts) {
            try {
                out.add(Selector.parse(t));
            } catch (SelectorException e) {
                throw new UsageException("invalid selector '" + t + "': " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** @return the inventory host of exactly that name */
    Host host(String name) {
        return inventory().host(name).orElseThrow(() -> new UsageException("unknown host '" + name
                + "' (inventory hosts: " + String.join(", ", inventory().hosts().keySet()) + ")"));
    }

    /** Resolves every SSH setting of the hosts (flags, inventory, defaults, ~/.ssh/config). */
    List<ResolvedHost> resolve(List<Host> hosts) {
        if (resolver == null) {
            Path cfg = env.sshConfig();
            SshConfig ssh = cfg != null && Files.isRegularFile(cfg) ? SshConfig.load(cfg) : SshConfig.empty();
            resolver = new HostResolver(inventory(), ssh, new Overrides(env.resolve(root.knownHosts), null,
                    root.connectTimeout == null ? null : java.time.Duration.ofSeconds(root.connectTimeout)));
        }
        List<ResolvedHost> out = new ArrayList<>();
        for (Host h : hosts) {
            try {
                out.add(resolver.resolve(h));
            } catch (InventoryException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        return out;
    }

    Fleet fleet() {
        if (fleet == null) {
            Trace trace = root.verbose ? new StderrTrace(env.err()) : Trace.NONE;
            Prompter prompter = env.terminal() ? new TerminalPrompter() : Prompter.NONE;
            fleet = env.fleets().create(root.fleetOptions(), trace, prompter);
        }
        return fleet;
    }

    /**
     * Parses the selectors, connects and lists the hosts they can match, and resolves the targets.
     * Hosts that could not be listed are reported on stderr; their targets fail when run.
     */
    Selection select(List<String> selectorTexts) {
        List<Selector> sels = selectors(selectorTexts);
        Inventory inv = inventory();
        try {
            Listing listing = fleet().list(resolve(TargetResolver.hosts(sels, inv)));
            reportHostErrors(listing.hosts());
            return new Selection(inv, sels, listing, TargetResolver.targets(sels, inv, listing));
        } catch (TargetSelectionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Runs an action on the selection's targets and prints the results. */
    int run(Selection selection, dev.virtdeck.fleet.TargetAction action) {
        List<TargetResult> results = fleet().run(selection.targets(), action);
        report(selection, results);
        return ExitCodes.forResults(results);
    }

    /** Prints what the request would do to the selection's targets (nothing is sent). */
    int plan(Selection selection, VmRequest request) {
        List<PlanStep> steps = Plans.plan(fleet(), selection.listing(), selection.targets(), request);
        output.plan(steps);
        return ExitCodes.forPlan(steps);
    }

    /** Prints results on stdout, and the failures of reachable hosts' targets on stderr. */
    void report(Selection selection, List<TargetResult> results) {
        output.results(results);
        Set<String> downHosts = new HashSet<>();
        for (HostStatus h : selection.listing().hosts()) if (!h.ok()) downHosts.add(h.host());
        for (int i = 0; i < results.size(); i++) {
            Target t = selection.targets().get(i);
            TargetResult r = results.get(i);
            if (!r.outcome().ok() && !downHosts.contains(t.host())) error(t.host(), t.vm(), r.outcome().message());
        }
    }

    void reportHostErrors(List<HostStatus> hosts) {
        for (HostStatus h : hosts) if (!h.ok()) error(h.host(), h.error());
    }

    /** Prints {@code virtdeck: PART: PART: ...} on stderr. */
    void error(String... parts) {
        PrintStream err = env.err();
        synchronized (err) {
            err.println("virtdeck: " + String.join(": ", parts));
            err.flush();
        }
    }

    @Override
    public void close() {
        if (fleet != null && !env.fleets().shared()) fleet.close();
    }

    /** Selectors resolved against a listing. */
    record Selection(Inventory inventory, List<Selector> selectors, Listing listing, List<Target> targets) {
    }
}
