package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetResolver;
import dev.virtdeck.fleet.TargetSelectionException;
import dev.virtdeck.fleet.Failures;
import dev.virtdeck.host.HostCheck;
import dev.virtdeck.inventory.ResolvedHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code host-check SELECTOR... [--probe]}: for each host, whether it can run KVM/libvirt, Xen, VirtualBox and
 * LXC (ready, installable, impossible), with the evidence and the next step. Needs only SSH: no driver is
 * opened, so it works on a host with no toolstack at all.
 */
@Command(name = "host-check", description = {
        "Judge hosts for KVM/libvirt, Xen, VirtualBox and LXC: ready, installable or impossible,",
        "with the evidence and the next step. Works on hosts with no hypervisor installed."})
final class HostCheckCommand extends BaseCommand {

    @Parameters(paramLabel = "SELECTOR", arity = "1..*", description = "HOST, @GROUP or a glob over host names.")
    List<String> selectors = new ArrayList<>();

    @Option(names = "--probe", description = {"Prove KVM by booting the host's own kernel as a tiny guest under",
            "QEMU (seconds; needs QEMU on the host). A writable /dev/kvm alone proves nothing."})
    boolean probe;

    /** A bare word names hosts here, not VMs: {@code lab*} means the hosts {@code lab*:*}. */
    static List<String> asHosts(List<String> texts) {
        return texts.stream().map(t -> t.startsWith("@") || t.contains(":") ? t : t + ":*").toList();
    }

    @Override
    protected int execute(Cli cli) {
        List<ResolvedHost> hosts;
        try {
            hosts = cli.resolve(TargetResolver.hosts(cli.selectors(asHosts(selectors)), cli.inventory()));
        } catch (TargetSelectionException e) {
            throw new UsageException(e.getMessage(), e);
        }
        List<HostCheck> checks = cli.fleet().onSsh(hosts, (h, ssh) -> {
            try {
                return HostCheck.run(h, ssh, probe);
            } catch (RuntimeException e) {
                return HostCheck.failed(h.name(), Failures.describe(e, h.name(), null));
            }
        }, (h, why) -> HostCheck.failed(h.name(), why));
        new HostCheckOutput(cli.env().out(), root.output).print(checks);
        boolean failed = false;
        for (HostCheck c : checks) {
            if (c.error() != null) {
                cli.error(c.host(), c.error());
                failed = true;
            }
        }
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }
}
