package dev.virtdeck.cli;

import dev.virtdeck.cli.complete.InventorySource;
import dev.virtdeck.cli.complete.VmNameCache;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.Outcome;
import dev.virtdeck.fleet.Rollout;
import dev.virtdeck.fleet.RolloutListener;
import dev.virtdeck.fleet.RolloutPolicy;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetAction;
import dev.virtdeck.fleet.TargetResolver;
import dev.virtdeck.fleet.TargetSelectionException;
import dev.virtdeck.inventory.Host;
import dev.virtdeck.inventory.HostLimit;
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
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a verb works with: the global options, the inventory, the fleet and the output, made on
 * first use and closed when the verb returns. Usage problems surface as {@link UsageException}.
 */
final class Cli implements AutoCloseable {
    private final Virtdeck root;
    private final Env env;
    private final Output output;
    /** Whether the fleet probes hosts at connect: latency and tools (the verb shows them). */
    private final boolean probe;
    private Inventory fullInventory;
    private Inventory inventory;
    private HostResolver resolver;
    private Fleet fleet;
    /** The progress line of the run going on, through which stderr lines are printed; null when none. */
    private volatile Progress progress;

    /** A verb that shows latency and readiness (the TUI). */
    Cli(Virtdeck root) {
        this(root, true);
    }

    Cli(Virtdeck root, boolean probe) {
        this.probe = probe;
        this.root = root;
        this.env = root.env;
        this.output = switch (root.output) {
            case json -> new JsonOutput(env.out());
            case jsonl -> new JsonlOutput(env.out());
            case table, yaml -> new TableOutput(env.out()); // yaml: only inventory export, which prints itself
        };
    }

    Env env() {
        return env;
    }

    Output output() {
        return output;
    }

    /**
     * The inventory of {@code -i} (a file in any format, or {@code ssh:[FILE]}), else the default
     * path, restricted to {@code -l/--limit}.
     */
    Inventory inventory() {
        if (inventory == null) {
            Inventory all = fullInventory();
            try {
                inventory = root.limit == null ? all : new HostLimit(root.limit).apply(all);
            } catch (SelectorException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        return inventory;
    }

    /** Every host of the inventory, {@code -l} or not: jump hosts are looked up here. */
    private Inventory fullInventory() {
        if (fullInventory == null) {
            String spec = root.inventory == null ? null : root.inventory.toString();
            try {
                if (spec != null && spec.startsWith(InventorySource.SSH)) {
                    Path cfg = source().sshConfig();
                    if (cfg == null) throw new UsageException("-i ssh: has no ssh config to read here; write -i ssh:FILE");
                    fullInventory = InventoryLoader.fromSshConfig(cfg);
                } else {
                    Path file = spec != null ? env.resolve(root.inventory) : InventoryLoader.defaultPath();
                    fullInventory = InventoryLoader.load(file, env.driverKinds());
                }
            } catch (InventoryException e) {
                throw new UsageException(e.getMessage(), e);
            }
        }
        return fullInventory;
    }

    /** What {@code -i} names, resolved as completion resolves it (so both agree on the VM-name cache). */
    private InventorySource source() {
        String spec = root.inventory == null ? null : root.inventory.toString();
        return InventorySource.of(spec, env.cwd(), env.sshConfig());
    }

    /** The OpenSSH config to honour: {@code -i ssh:FILE}'s FILE, else the environment's (~/.ssh/config). */
    private Path sshConfigPath() {
        Path cfg = source().sshConfig();
        return cfg != null ? cfg : env.sshConfig();
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
            Path cfg = sshConfigPath();
            SshConfig ssh = cfg != null && Files.isRegularFile(cfg) ? SshConfig.load(cfg) : SshConfig.empty();
            resolver = new HostResolver(fullInventory(), ssh, new Overrides(env.resolve(root.knownHosts), root.user,
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
            fleet = env.fleets().create(root.fleetOptions().withProbe(probe), trace, prompter);
        }
        return fleet;
    }

    /**
     * Parses the selectors, connects and lists the hosts they can match, and resolves the targets.
     * Hosts that could not be listed are reported on stderr; their targets fail when run.
     */
    Selection select(List<String> selectorTexts) {
        return select(selectorTexts, false);
    }

    /**
     * The whole fleet listed once, for a verb that lists and runs nothing: each host's connection
     * is closed as soon as its VMs are in (bounded memory over 1,000 hosts), unless the fleet is
     * the agent's, which holds them on purpose.
     */
    Listing listOnce(List<ResolvedHost> hosts) {
        return remember(fleet().list(hosts, !env.fleets().shared()));
    }

    /** The VM-name cache of this inventory (what shell completion offers). */
    VmNameCache vmNames() {
        return VmNameCache.of(source().key());
    }

    /** Records the VM names of the hosts listed, for completion. */
    private Listing remember(Listing listing) {
        try {
            vmNames().record(listing);
        } catch (IOException | RuntimeException e) {
            cacheNotWritten(e);
        }
        return listing;
    }

    /** Records the VM names of these hosts (the TUI's refreshes), for completion. */
    void rememberVmNames(Map<String, List<String>> byHost) {
        try {
            vmNames().record(byHost);
        } catch (IOException | RuntimeException e) {
            cacheNotWritten(e);
        }
    }

    /** A cache that cannot be written costs completion its VM names, and is no error of the command. */
    private static void cacheNotWritten(Exception e) {
        LoggerFactory.getLogger(Cli.class).debug("VM-name cache not written: {}", e.toString());
    }

    /** As {@link #select(List)}; {@code listOnly}: nothing will be run on the targets (see {@link #listOnce}). */
    Selection select(List<String> selectorTexts, boolean listOnly) {
        List<Selector> sels = selectors(selectorTexts);
        Inventory inv = inventory();
        try {
            List<ResolvedHost> hosts = resolve(TargetResolver.hosts(sels, inv));
            Listing listing = listOnly ? listOnce(hosts) : remember(fleet().list(hosts));
            reportHostErrors(listing.hosts());
            return new Selection(inv, sels, listing, TargetResolver.targets(sels, inv, listing));
        } catch (TargetSelectionException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Runs an action on the selection's targets as the policy says and prints the results. */
    int run(Selection selection, TargetAction action, RolloutPolicy policy) {
        Set<String> downHosts = new HashSet<>();
        for (HostStatus h : selection.listing().hosts()) if (!h.ok()) downHosts.add(h.host());
        return run(selection.targets(), action, policy, downHosts);
    }

    /**
     * Runs an action on targets as the policy says: each result is streamed to the output (JSON
     * Lines) and, when it failed on a reachable host, reported on stderr as it finishes; a
     * progress line is kept on stderr when it is a terminal. The results are printed at the end.
     *
     * @param downHosts hosts whose error was reported already: their targets' errors are not repeated
     */
    int run(List<Target> targets, TargetAction action, RolloutPolicy policy, Set<String> downHosts) {
        RolloutListener errors = r -> {
            if (!r.outcome().ok() && r.started() != null && !downHosts.contains(r.target().host())) {
                error(r.target().host(), r.target().vm(), r.outcome().message());
            }
        };
        RolloutListener live = output.live();
        Progress shown = env.errTerminal() ? Progress.on(env.err()) : null;
        RolloutListener listener;
        if (shown == null) {
            listener = RolloutListener.both(live, errors);
        } else { // stdout is often the same terminal: its streamed lines go around the progress line too
            RolloutListener streamed = r -> shown.around(() -> live.targetFinished(r));
            listener = RolloutListener.both(shown, RolloutListener.both(streamed, errors)); // counts first
        }
        progress = shown;
        Rollout.Report report;
        try {
            report = new Rollout(fleet(), policy, hostOrder()).run(targets, action, listener);
        } finally {
            progress = null;
            if (shown != null) shown.close();
        }
        output.results(report.results());
        if (report.halted()) {
            long left = report.results().stream().filter(r -> r.outcome() instanceof Outcome.NotAttempted).count();
            error(report.halt() + ": " + left + " target" + (left == 1 ? "" : "s") + " not attempted");
        }
        return ExitCodes.forRollout(report);
    }

    /** @return the inventory's host names, in inventory order (for {@code --order}) */
    List<String> hostOrder() {
        return new ArrayList<>(inventory().hosts().keySet());
    }

    /**
     * Prints what the request would do to the selection's targets (nothing is sent), in the
     * policy's order and with the wave each target would run in.
     */
    int plan(Selection selection, VmRequest request, RolloutPolicy policy) {
        List<List<Target>> waves = Rollout.waves(Rollout.order(selection.targets(), policy.order(), hostOrder()), policy);
        Rollout.Flat flat = Rollout.flatten(waves);
        List<Target> ordered = flat.targets();
        List<Integer> waveOf = flat.waves();
        List<PlanStep> steps = Plans.plan(fleet(), selection.listing(), ordered, request);
        output.plan(steps, waveOf);
        return ExitCodes.forPlan(steps);
    }

    void reportHostErrors(List<HostStatus> hosts) {
        for (HostStatus h : hosts) if (!h.ok()) error(h.host(), h.error());
    }

    /** Prints {@code virtdeck: PART: PART: ...} on stderr (around the progress line, if one is shown). */
    void error(String... parts) {
        String line = "virtdeck: " + String.join(": ", parts);
        Progress p = progress;
        if (p != null) {
            p.println(line);
            return;
        }
        PrintStream err = env.err();
        synchronized (err) {
            err.println(line);
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
