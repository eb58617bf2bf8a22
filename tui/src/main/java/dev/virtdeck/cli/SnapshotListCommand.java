package dev.virtdeck.cli;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetAction;
import dev.virtdeck.fleet.TargetResult;
import dev.virtdeck.request.Refusal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code snapshot list SELECTOR...}: the snapshots of every VM the selectors match, asked of the
 * VMs' hosts in parallel. A VM whose driver has no snapshots, or whose host fails, is reported on
 * stderr and makes the exit code 1; the others are listed anyway.
 */
@Command(name = "list", description = "List the snapshots of the VMs the selectors match (CURRENT: *).")
final class SnapshotListCommand extends BaseCommand {

    @Parameters(paramLabel = "SELECTOR", arity = "1..*",
            description = "HOST:VM, @GROUP, @GROUP:VM or VM; globs * ? [..] on both sides.")
    List<String> selectors;

    @Override
    protected int execute(Cli cli) {
        Cli.Selection selection = cli.select(selectors);
        Map<String, List<VmSnapshot>> read = new ConcurrentHashMap<>();
        TargetAction list = (driver, vm) -> {
            Refusal no = Refusal.of(driver.capabilities(), Operation.SNAPSHOT, Scope.current());
            if (no != null) throw no.exception(driver.host(), vm);
            List<VmSnapshot> s = driver.snapshots(vm);
            read.put(driver.host() + ":" + vm, s);
            return new OpResult(s.size() + " snapshot(s)", null);
        };
        List<Target> targets = selection.targets();
        List<TargetResult> results = cli.fleet().run(targets, list);
        Set<String> down = new HashSet<>();
        for (HostStatus h : selection.listing().hosts()) if (!h.ok()) down.add(h.host());
        List<SnapshotOutput.Found> found = new ArrayList<>();
        List<TargetResult> failed = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            TargetResult r = results.get(i);
            if (r.outcome().ok()) {
                found.add(new SnapshotOutput.Found(t, read.getOrDefault(t.label(), List.of())));
            } else {
                failed.add(r);
                if (!down.contains(t.host())) cli.error(t.host(), t.vm(), r.outcome().message());
            }
        }
        SnapshotOutput.print(root.output, cli.env().out(), found, failed);
        return ExitCodes.forResults(results);
    }
}
