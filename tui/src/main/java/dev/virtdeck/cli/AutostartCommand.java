package dev.virtdeck.cli;

import dev.virtdeck.request.Autostart;
import dev.virtdeck.request.BadRequestException;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code autostart SELECTOR... on|off} */
@Command(name = "autostart", customSynopsis = "virtdeck autostart [OPTIONS] SELECTOR... on|off",
        description = {"Start VMs with their host's hypervisor service (on), or not (off). libvirt, VirtualBox",
                "(vboxautostart service), XenServer (pool auto_poweron), xl/xm (xendomains, /etc/xen/auto)."})
final class AutostartCommand extends TargetCommand {

    @Parameters(arity = "1..*", paramLabel = "SELECTOR... on|off", description = "Selectors, then on or off.")
    List<String> args;

    @Override
    protected List<String> selectorTexts() {
        return words().subList(0, args.size() - 1);
    }

    @Override
    protected VmRequest request() {
        return Autostart.parse(words().get(args.size() - 1));
    }

    private List<String> words() {
        if (args.size() < 2) throw new BadRequestException("give one or more SELECTORs, then on or off");
        return args;
    }
}
