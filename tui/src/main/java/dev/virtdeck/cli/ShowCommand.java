package dev.virtdeck.cli;

import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code show SELECTOR... [--raw]}: every matched VM in full (disks, NICs with addresses, consoles,
 * autostart), or its configuration in the hypervisor's own format. Targets are read in parallel
 * on the fleet's workers; a failed one is reported on stderr naming host, VM and command.
 */
@Command(name = "show", description = {"Show VMs in full: disks, NICs and their addresses, consoles, autostart.",
        "--raw prints each VM's configuration as its hypervisor has it (domain XML, xl JSON, ...)."})
final class ShowCommand extends BaseCommand {

    @Parameters(paramLabel = "SELECTOR", arity = "1..*",
            description = "HOST:VM, @GROUP, @GROUP:VM or VM; globs * ? [..] on both sides.")
    List<String> selectors = new ArrayList<>();

    @Option(names = "--raw", description = "Print the raw configuration instead of the normalized view.")
    boolean raw;

    @Override
    protected int execute(Cli cli) {
        Cli.Selection s = cli.select(selectors);
        Set<String> down = new HashSet<>();
        s.listing().hosts().stream().filter(h -> !h.ok()).forEach(h -> down.add(h.host()));
        Map<String, VmDetails> details = new ConcurrentHashMap<>();
        Map<String, String> configs = new ConcurrentHashMap<>();
        List<TargetResult> results = cli.fleet().run(s.targets(), (driver, vm) -> {
            String key = driver.host() + ":" + vm;
            if (raw) configs.put(key, driver.rawConfig(vm));
            else details.put(key, driver.describe(vm));
            return new OpResult("read", null);
        });
        List<ShowOutput.Failure> failures = new ArrayList<>();
        List<VmDetails> shown = new ArrayList<>();
        List<ShowOutput.Raw> raws = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            TargetResult r = results.get(i);
            Target t = s.targets().get(i);
            if (r.outcome().ok()) {
                if (raw) raws.add(new ShowOutput.Raw(t.host(), t.vm(), t.driver(), configs.get(r.target())));
                else shown.add(details.get(r.target()));
                continue;
            }
            failures.add(new ShowOutput.Failure(r.target(), r.outcome().label(), r.outcome().message(),
                    r.outcome().command()));
            if (!down.contains(t.host())) cli.error(t.host(), t.vm(), r.outcome().message());
        }
        ShowOutput out = new ShowOutput(cli.env().out(), root.output);
        if (raw) out.raw(raws, failures);
        else out.details(shown, failures);
        return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
