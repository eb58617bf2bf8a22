package dev.virtdeck.cli;

import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetResolver;
import dev.virtdeck.fleet.TargetSelectionException;
import dev.virtdeck.fleet.UsageTracker;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.inventory.Selector;
import dev.virtdeck.term.RawTerminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code top [SELECTOR...]}: the VMs' CPU, memory, disk and network use, refreshed like
 * {@code top}. Each refresh is one list per host over the connections the fleet holds from the
 * first (one round trip per host per refresh); rates are the counters' growth since the
 * refresh before, so the first frame comes one interval after a first sample.
 */
@Command(name = "top", description = "Live CPU, memory, disk and network use of VMs, refreshed like top.")
final class TopCommand extends BaseCommand {

    @Parameters(paramLabel = "SELECTOR", arity = "0..*",
            description = "HOST:VM, @GROUP, @GROUP:VM or VM; globs * ? [..] on both sides.")
    List<String> selectors = new ArrayList<>();

    @Option(names = {"-d", "--delay"}, paramLabel = "SECONDS",
            description = "Seconds between refreshes (default 2; at least 0.1).")
    double delay = 2;

    @Option(names = {"-n", "--iterations"}, paramLabel = "COUNT",
            description = "Frames to print, then exit (default: until interrupted).")
    Integer count;

    @Override
    protected int execute(Cli cli) {
        if (!(delay >= 0.1) || Double.isInfinite(delay)) throw new UsageException("-d must be at least 0.1 seconds");
        if (count != null && count < 1) throw new UsageException("-n must be at least 1");
        TopView view = switch (root.output) {
            case table -> TopView.table(cli.env().out(), cli.env().out() == System.out && RawTerminal.stdoutIsTerminal());
            case jsonl -> TopView.jsonl(cli.env().out());
            case json, yaml -> throw new UsageException("top prints a stream: use -o jsonl (one JSON object per VM per refresh)");
        };
        List<Selector> sels = cli.selectors(selectors);
        List<ResolvedHost> hosts;
        try {
            hosts = cli.resolve(sels.isEmpty() ? new ArrayList<>(cli.inventory().hosts().values())
                    : TargetResolver.hosts(sels, cli.inventory()));
        } catch (TargetSelectionException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Fleet fleet = cli.fleet();
        UsageTracker tracker = new UsageTracker();
        long interval = Math.round(delay * 1e9);
        Sample prev = sample(cli, fleet, hosts, sels, tracker, true);
        Set<String> reported = new HashSet<>();
        report(cli, prev.listing(), reported);
        int exit = ExitCodes.forHosts(prev.listing().hosts());
        for (int frame = 1; count == null || frame <= count; frame++) {
            if (!sleepUntil(prev.atNanos() + interval)) break;
            Sample s = sample(cli, fleet, hosts, sels, tracker, false);
            report(cli, s.listing(), reported);
            view.frame(frame, Instant.now(), delay, s.listing(), s.vms(), s.rates());
            exit = ExitCodes.forHosts(s.listing().hosts());
            prev = s;
        }
        return exit;
    }

    /** One refresh: the listing, the selected VMs in it, their rates since the refresh before. */
    private record Sample(Listing listing, List<VmInfo> vms, Map<String, UsageRates> rates, long atNanos) {
    }

    private static Sample sample(Cli cli, Fleet fleet, List<ResolvedHost> hosts, List<Selector> sels,
                                 UsageTracker tracker, boolean first) {
        Listing listing = fleet.list(hosts);
        long at = System.nanoTime();
        List<VmInfo> vms = selected(cli, sels, listing, first);
        List<String> listed = listing.hosts().stream().filter(HostStatus::ok).map(HostStatus::host).toList();
        return new Sample(listing, vms, tracker.observe(vms, listed, at), at);
    }

    /**
     * @return the VMs the selectors match (every VM without selectors); a selector matching nothing
     *         is a usage error on the first refresh only (later a VM may just have gone)
     */
    private static List<VmInfo> selected(Cli cli, List<Selector> sels, Listing listing, boolean first) {
        if (sels.isEmpty()) return listing.vms();
        Set<String> wanted = new HashSet<>();
        for (Selector s : sels) {
            try {
                for (Target t : TargetResolver.targets(List.of(s), cli.inventory(), listing)) wanted.add(t.label());
            } catch (TargetSelectionException e) {
                if (first) throw new UsageException(e.getMessage(), e);
            }
        }
        return listing.vms().stream().filter(v -> wanted.contains(v.host() + ":" + v.name())).toList();
    }

    /** Host errors on stderr, each once until the host recovers (not once per refresh). */
    private static void report(Cli cli, Listing listing, Set<String> reported) {
        for (HostStatus h : listing.hosts()) {
            if (h.ok()) {
                reported.remove(h.host());
            } else if (reported.add(h.host())) {
                cli.error(h.host(), h.error());
            }
        }
    }

    /** @return false when interrupted (the user pressed ^C, or the JVM is stopping) */
    private static boolean sleepUntil(long deadlineNanos) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) return true;
        try {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
