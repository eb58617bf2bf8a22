package dev.virtdeck.cli;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.request.BadRequestException;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.RolloutPolicy;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.request.Create;
import dev.virtdeck.request.PlanStep;
import dev.virtdeck.request.Plans;
import dev.virtdeck.request.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Set;

/**
 * {@code create HOST NAME --vcpus N[/MAX] --memory SIZE[/MAX] [--disk SIZE]
 * (--kernel PATH --initrd PATH [--cmdline TEXT] | --iso PATH | --image PATH | --template NAME | --rootfs DIR) [--network NET]
 * [--virt-type kvm|qemu] [--start]}
 */
@Command(name = "create", description = {"Define a new VM on a host (paths are on the host); a serial console is",
        "always present. Boot from --kernel/--initrd(/--cmdline), from --iso, or from an overlay on",
        "--image; on XenServer/XCP-ng, clone --template; a container (LXC) from --rootfs. With none of",
        "them: an empty VM (VirtualBox, XenServer/XCP-ng), to boot from media attached later."})
final class CreateCommand extends BaseCommand {

    @Parameters(index = "0", paramLabel = "HOST", description = "Inventory name of the host.")
    String host;

    @Parameters(index = "1", paramLabel = "NAME", description = "Name of the new VM.")
    String name;

    @Option(names = "--vcpus", paramLabel = "N[/MAX]", required = true, description = "vCPUs, optionally /maximum.")
    String vcpus;

    @Option(names = "--memory", paramLabel = "SIZE[/MAX]", required = true, description = "Memory, optionally /maximum.")
    String memory;

    @Option(names = "--disk", paramLabel = "SIZE", description = {"Create a new disk of that size (with --image: the",
            "overlay's size, at least the base image's; not on VirtualBox)."})
    String disk;

    @Option(names = "--image", paramLabel = "PATH", description = {"Base disk image on the host: the VM boots from a new",
            "copy-on-write disk on it (the base is never written): a qcow2 overlay on libvirt",
            "and xl, a differencing VDI on VirtualBox. Not XenServer (use --template)."})
    String image;

    @Option(names = "--network", paramLabel = "NAME|bridge=BR|none", description = {"The VM's NIC: on a named network",
            "(libvirt network, XAPI network; VirtualBox: nat), on a host bridge, or none. Default: libvirt's 'default'",
            "network when the host has it; VirtualBox NAT; XAPI the template's VIFs; xl none. Not on xl: NAME."})
    String network;

    @Option(names = "--kernel", paramLabel = "PATH", description = "Kernel image on the host.")
    String kernel;

    @Option(names = "--initrd", paramLabel = "PATH", description = "Initrd on the host.")
    String initrd;

    @Option(names = "--cmdline", paramLabel = "TEXT", description = "Kernel command line (default: console=ttyS0 on libvirt, console=hvc0 on xl/xm).")
    String cmdline;

    @Option(names = "--iso", paramLabel = "PATH", description = "ISO image on the host to boot from.")
    String iso;

    @Option(names = "--rootfs", paramLabel = "DIR", description = {"A container instead of a VM: its root filesystem, a",
            "directory on the host whose /sbin/init runs as PID 1 (libvirt's LXC: drivers: [lxc])."})
    String rootfs;

    @Option(names = "--template", paramLabel = "NAME", description = {"XenServer/XCP-ng: the template to clone",
            "(xe template-list shows them), instead of boot files."})
    String template;

    @Option(names = "--virt-type", paramLabel = "kvm|qemu", description = {"libvirt domain type (like virt-install's --virt-type):",
            "kvm (hardware) or qemu (TCG emulation). Default: kvm when the host's libvirt offers it, else qemu."})
    String virtType;

    @Option(names = "--start", description = "Start the VM once defined.")
    boolean start;

    @Option(names = "--dry-run", description = {"Connect and list the host, check, then print what would be done;",
            "change nothing."})
    boolean dryRun;

    @Override
    protected int execute(Cli cli) {
        Create create = request();
        var resolved = cli.resolve(List.of(cli.host(host)));
        if (dryRun) {
            Listing listing = cli.fleet().list(resolved);
            cli.reportHostErrors(listing.hosts());
            List<PlanStep> steps = List.of(Plans.create(cli.fleet(), listing, host, create));
            cli.output().plan(steps, List.of(1));
            return ExitCodes.forPlan(steps);
        }
        HostStatus status = cli.fleet().connect(resolved).get(0);
        cli.reportHostErrors(List.of(status));
        return cli.run(List.of(new Target(host, name, create.driverKind())), (driver, vm) -> create.apply(driver),
                RolloutPolicy.ALL_AT_ONCE, status.ok() ? Set.of() : Set.of(host));
    }

    /** @return the request the options spell (throws {@link dev.virtdeck.request.BadRequestException} otherwise) */
    Create request() {
        int[] cpu = Sizes.parseCountPair(vcpus, "--vcpus");
        long[] mem = Sizes.parseMiBPair(memory, "--memory");
        Long diskMiB = disk == null ? null : Sizes.parseMiB(disk);
        NicSpec nic;
        try {
            nic = network == null ? NicSpec.DEFAULT : NicSpec.parse(network);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("--network: " + e.getMessage());
        }
        return new Create(new CreateSpec(name, cpu[0], cpu[1], mem[0], mem[1], diskMiB, kernel, initrd, cmdline, iso,
                virtType, template, nic, image, rootfs), start);
    }
}
