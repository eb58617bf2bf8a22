package dev.virtdeck.cli;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.inventory.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code list [SELECTOR...]}: VMs of every host, or of those the selectors match. */
@Command(name = "list", description = "List VMs of all hosts, or those matching the selectors.")
final class ListCommand extends BaseCommand {

    @Parameters(paramLabel = "SELECTOR", arity = "0..*",
            description = "HOST:VM, @GROUP, @GROUP:VM or VM; globs * ? [..] on both sides.")
    List<String> selectors = new ArrayList<>();

    @Override
    protected int execute(Cli cli) {
        Listing listing;
        if (selectors.isEmpty()) {
            List<Host> all = new ArrayList<>(cli.inventory().hosts().values());
            listing = cli.listOnce(cli.resolve(all));
            cli.reportHostErrors(listing.hosts());
        } else {
            Cli.Selection s = cli.select(selectors, true);
            Set<String> wanted = new HashSet<>();
            for (Target t : s.targets()) wanted.add(t.label());
            List<VmInfo> vms = s.listing().vms().stream().filter(v -> wanted.contains(v.host() + ":" + v.name())).toList();
            listing = new Listing(s.listing().hosts(), vms);
        }
        cli.output().listing(listing);
        return ExitCodes.forHosts(listing.hosts());
    }
}
