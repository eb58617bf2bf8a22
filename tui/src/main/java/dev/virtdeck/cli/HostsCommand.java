package dev.virtdeck.cli;

import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.inventory.ResolvedHost;
import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.List;

/** {@code hosts}: connect every inventory host and show reachability, latency, drivers, transport. */
@Command(name = "hosts", description = "Check every host: reachability, latency, drivers, transport.")
final class HostsCommand extends BaseCommand {

    @Override
    protected int execute(Cli cli) {
        List<ResolvedHost> hosts = cli.resolve(new ArrayList<>(cli.inventory().hosts().values()));
        List<HostStatus> statuses = cli.fleet().connect(hosts);
        cli.output().hosts(statuses, hosts);
        cli.reportHostErrors(statuses);
        return ExitCodes.forHosts(statuses);
    }

    @Override
    protected boolean probesHosts() {
        return true;
    }
}
