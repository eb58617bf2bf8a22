package dev.virtdeck.cli;

import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.fleet.Failures;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.inventory.ResolvedHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code host-info HOST}: the virtualization facts of one host. */
@Command(name = "host-info", description = "Show a host's virtualization facts (CPU flags, /dev/kvm, versions, ...).")
final class HostInfoCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "HOST", description = "Inventory name of the host.")
    String host;

    @Override
    protected int execute(Cli cli) {
        List<ResolvedHost> resolved = cli.resolve(List.of(cli.host(host)));
        HostStatus status = cli.fleet().connect(resolved).get(0);
        List<HostInfo> infos = new ArrayList<>();
        int code = ExitCodes.forHosts(List.of(status));
        if (status.ok()) {
            for (HypervisorDriver d : cli.fleet().drivers(host)) {
                try {
                    infos.add(d.hostInfo());
                } catch (RuntimeException e) {
                    status = status.failedWith(Failures.describe(e, host, null));
                    code = ExitCodes.FAILED;
                }
            }
        }
        cli.output().hostInfo(status, infos);
        cli.reportHostErrors(List.of(status));
        return code;
    }

    @Override
    protected boolean probesHosts() {
        return true;
    }
}
