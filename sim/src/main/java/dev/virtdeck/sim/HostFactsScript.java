package dev.virtdeck.sim;

import java.util.List;
import java.util.Locale;

/**
 * One of the shell scripts the simulator answers (another: {@link XlListScript}): virtdeck's host-facts snippet
 * ({@code sh -c '<script>'}, see drivers' HostFacts). The simulated login shell refuses shell syntax, so this is a narrow, explicit exception:
 * the script text must be EQUAL to the copy in the resource {@code hostfacts-script.sh}; a change on either side
 * makes {@code sh -c} answer "not simulated" (and the tests fail). The answer is what the script prints on a
 * real Debian host with the simulated host's facts.
 */
final class HostFactsScript {

    private static final String SCRIPT = ScriptResource.text("hostfacts-script.sh");

    private HostFactsScript() {}


    /** The script text the simulator recognises. */
    static String script() {
        return SCRIPT;
    }

    static int run(SimHost host, List<String> args, Io io) {
        if (args.size() != 2 || !args.get(0).equals("-c") || !args.get(1).equals(SCRIPT)) {
            io.err("sim: sh -c is not simulated (only virtdeck's host-facts script, verbatim)\n");
            return 2;
        }
        io.out(facts(host));
        return 0;
    }

    /** What the snippet prints on a Debian host with the simulated host's facts. */
    static String facts(SimHost host) {
        String flag = host.virtFlag();
        boolean devKvm = host.devKvm();
        StringBuilder sb = new StringBuilder();
        sb.append("hostname=").append(host.hostname()).append('\n');
        sb.append("cpus=").append(host.cpus()).append('\n');
        // a Xen PV dom0 does not see vmx in /proc/cpuinfo; KVM and VirtualBox hosts default to Intel machines
        sb.append("vmx=").append(flag.equals("vmx") ? 1 : 0).append('\n');
        sb.append("svm=").append(flag.equals("svm") ? 1 : 0).append('\n');
        sb.append("devkvm=").append(devKvm ? 1 : 0).append('\n');
        sb.append("devkvm_writable=").append(devKvm ? 1 : 0).append('\n');
        if (devKvm) {
            sb.append("module=kvm\n");
            if (!flag.equals("none")) sb.append(flag.equals("svm") ? "module=kvm_amd\n" : "module=kvm_intel\n");
        }
        for (String t : List.of("virsh", "xl", "xm", "VBoxManage", "xe")) {
            if (host.toolPath(t).isPresent()) {
                sb.append("tool=").append(t).append('\n');
            }
        }
        long total = host.memoryMb() * 1024;
        long avail = host.freeMemoryMb() * 1024;
        sb.append(String.format(Locale.ROOT, "MemTotal:       %8d kB\n", total));
        sb.append(String.format(Locale.ROOT, "MemAvailable:   %8d kB\n", avail));
        return sb.toString();
    }
}
