package dev.virtdeck.sim;

import java.util.List;
import java.util.Optional;

/**
 * {@code xl} on a XAPI host (XenServer / XCP-ng dom0): only {@code xl console [-t pv|serial] DOMID} is
 * simulated, for guests whose domain runs on THIS member (see {@link HostExtensions#bindDomains}); a domid that
 * runs on another member is unknown here, exactly as xl on that dom0 would say.
 */
final class XapiXl {

    private XapiXl() {}

    static int run(SimHost host, List<String> args, Io io) {
        if (args.isEmpty() || !args.get(0).equals("console")) {
            io.err("sim: xl " + String.join(" ", args) + " is not simulated on a XAPI host (only 'xl console DOMID';"
                    + " use the XenAPI)\n");
            return 2;
        }
        String dom = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-t") && i + 1 < args.size() && List.of("pv", "serial").contains(args.get(i + 1))) {
                i++;
            } else if (a.equals("--")) {
                continue;
            } else if (a.startsWith("-") || dom != null) {
                io.err("sim: xl console " + String.join(" ", args.subList(1, args.size())) + " is not simulated\n");
                return 2;
            } else {
                dom = a;
            }
        }
        if (dom == null) {
            io.err("sim: xl console without a domain is not simulated\n");
            return 2;
        }
        if (dom.equals("0") || dom.equals("Domain-0")) {
            io.err("sim: xl console of Domain-0 is not simulated\n");
            return 2;
        }
        Optional<SimVm> vm = Optional.empty();
        if (dom.matches("\\d{1,9}")) {
            int id = Integer.parseInt(dom);
            vm = HostExtensions.domains(host).flatMap(d -> d.domain(id));
        }
        if (vm.isEmpty()) {
            io.err(XenText.invalidDomain(false, dom, true));
            return 1;
        }
        SimVm guest = vm.get();
        Object token = guest.takeConsole(true);
        try {
            return GuestConsole.attach(guest, io, token);
        } finally {
            guest.releaseConsole(token);
        }
    }
}
