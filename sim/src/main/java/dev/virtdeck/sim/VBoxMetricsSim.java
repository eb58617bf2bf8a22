package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code VBoxManage metrics setup|query} on one {@link SimHost}. RECONSTRUCTED: no capture exists
 * on this machine (no VirtualBox); the table follows the format strings of VBoxManage's metrics
 * command and the metric names, units and scales of VirtualBox's performance collector, as its
 * manual ("VBoxManage metrics") and SDK reference describe them:
 * <ul>
 *   <li>nothing is collected until {@code metrics setup}; a VM's settings and data vanish when it
 *       stops, and a VM started later is not collected until the next setup;</li>
 *   <li>{@code query} prints a header, then {@code %-15s %-40s } object and metric, then the
 *       retained samples joined by ", ": {@code N.NN%} for scaled metrics, {@code N unit} for the
 *       others; a metric without a sample yet ends after its name;</li>
 *   <li>{@code CPU/Load/*} of a VM is its process's share of ALL host CPUs (100 % = every CPU busy);
 *       {@code RAM/Usage/Used} its resident memory in kB; {@code Net/Rate/*} in B/s;
 *       {@code Guest/RAM/Usage/*} only with the Guest Additions.</li>
 * </ul>
 * Only one retained sample is modelled (what {@code --samples 1} keeps).
 */
final class VBoxMetricsSim {
    static final String HEADER = """
            Object          Metric                                   Values
            --------------- ---------------------------------------- --------------------------------------------
            """;
    /** A VM's metrics in the collector's order (registration order, not the order asked for). */
    static final List<String> VM_METRICS = List.of("CPU/Load/User", "CPU/Load/Kernel", "RAM/Usage/Used",
            "Disk/Usage/Used", "Net/Rate/Rx", "Net/Rate/Tx", "Guest/CPU/Load/User", "Guest/CPU/Load/Kernel",
            "Guest/CPU/Load/Idle", "Guest/RAM/Usage/Total", "Guest/RAM/Usage/Free", "Guest/RAM/Usage/Balloon",
            "Guest/RAM/Usage/Shared", "Guest/RAM/Usage/Cache", "Guest/Pagefile/Usage/Total");
    static final List<String> HOST_METRICS = List.of("CPU/Load/User", "CPU/Load/Kernel", "CPU/Load/Idle",
            "CPU/MHz", "RAM/Usage/Total", "RAM/Usage/Used", "RAM/Usage/Free");

    private final SimHost host;
    private final Io io;

    private VBoxMetricsSim(SimHost host, Io io) {
        this.host = host;
        this.io = io;
    }

    /** @param a the arguments after {@code metrics} */
    static int run(SimHost host, List<String> a, Io io) {
        VBoxMetricsSim m = new VBoxMetricsSim(host, io);
        if (a.isEmpty()) return m.gap("VBoxManage metrics without a subcommand");
        List<String> rest = new ArrayList<>(a.subList(1, a.size()));
        return switch (a.get(0)) {
            case "setup" -> m.setup(rest);
            case "query" -> m.query(rest);
            default -> m.gap("VBoxManage metrics " + a.get(0));
        };
    }

    private int gap(String what) {
        io.err("sim: " + what + " is not simulated\n");
        return 2;
    }

    private int setup(List<String> a) {
        int period = 1;
        while (!a.isEmpty() && a.get(0).startsWith("-")) {
            String opt = a.remove(0);
            if (!(opt.equals("--period") || opt.equals("--samples")) || a.isEmpty()) {
                return gap("VBoxManage metrics setup " + opt);
            }
            String v = a.remove(0);
            if (!v.matches("[1-9][0-9]*")) return gap("VBoxManage metrics setup " + opt + " " + v);
            if (opt.equals("--period")) period = Integer.parseInt(v);
        }
        if (a.size() > 2) return gap("VBoxManage metrics setup with " + a.size() + " filter words");
        String object = a.isEmpty() ? "*" : a.get(0);
        for (SimVm vm : host.vms()) {
            if (!object.equals("*") && !object.equals(vm.name()) && !object.equals(vm.uuid())) continue;
            synchronized (vm) {
                if (vm.state().hasProcess()) vm.metricsSetup(host.clock().instant(), period);
            }
        }
        return 0;
    }

    private int query(List<String> a) {
        if (a.size() > 2) return gap("VBoxManage metrics query with " + a.size() + " filter words");
        String object = a.isEmpty() ? "*" : a.get(0);
        List<String> wanted = a.size() < 2 || a.get(1).equals("*") ? null : Arrays.asList(a.get(1).split(","));
        StringBuilder sb = new StringBuilder(HEADER);
        if (object.equals("*") || object.equals("host")) {
            for (String metric : HOST_METRICS) {
                if (wanted == null || wanted.contains(metric)) sb.append(line("host", metric, null));
            }
        }
        for (SimVm vm : host.vms()) {
            if (!object.equals("*") && !object.equals(vm.name()) && !object.equals(vm.uuid())) continue;
            synchronized (vm) {
                if (!vm.state().hasProcess()) continue; // a VM's metrics exist only while it runs
                for (String metric : VM_METRICS) {
                    if (wanted == null || wanted.contains(metric)) {
                        sb.append(line(vm.name(), metric, vm.metricsCollected() ? value(vm, metric) : null));
                    }
                }
            }
        }
        io.out(sb.toString());
        return 0;
    }

    private static String line(String object, String metric, String value) {
        return String.format(Locale.ROOT, "%-15s %-40s %s\n", object, metric, value == null ? "" : value);
    }

    /**
     * The latest sample of a VM's metric: an idle running guest (about 2 % of one host CPU, as
     * {@link SimVm#cpuTimeNs} counts it: 1.5 % user, 0.5 % kernel, divided by the host's CPUs as
     * VirtualBox does), resident memory of 60 % of its RAM plus 120 MB of VMM, a little NAT
     * traffic; a paused guest uses no CPU and sends nothing.
     */
    private String value(SimVm vm, String metric) {
        boolean running = vm.state() == VmPowerState.RUNNING;
        int cpus = Math.max(1, host.cpus());
        long ramKb = vm.memoryCurMb() * 1024L;
        return switch (metric) {
            case "CPU/Load/User" -> percent(running ? 1.5 / cpus : 0);
            case "CPU/Load/Kernel" -> percent(running ? 0.5 / cpus : 0);
            case "RAM/Usage/Used" -> (ramKb * 6 / 10 + 120 * 1024) + " kB";
            case "Disk/Usage/Used" -> vm.disks().size() * 2048 + " MB";
            case "Net/Rate/Rx" -> (running ? 1536 : 0) + " B/s";
            case "Net/Rate/Tx" -> (running ? 512 : 0) + " B/s";
            default -> guest(vm, metric, ramKb);
        };
    }

    /** Guest/* metrics: reported by the Guest Additions only; without them no sample ever arrives. */
    private static String guest(SimVm vm, String metric, long ramKb) {
        if (!vm.guestAdditions()) return null;
        return switch (metric) {
            case "Guest/CPU/Load/User" -> percent(1.0);
            case "Guest/CPU/Load/Kernel" -> percent(0.5);
            case "Guest/CPU/Load/Idle" -> percent(98.5);
            case "Guest/RAM/Usage/Total" -> ramKb + " kB";
            case "Guest/RAM/Usage/Free" -> (ramKb * 3 / 4) + " kB";
            case "Guest/RAM/Usage/Cache" -> (ramKb / 10) + " kB";
            default -> "0 kB";
        };
    }

    /** {@code %d.%02d%%} of VBoxManage: the hundredths truncated, not rounded. */
    private static String percent(double p) {
        long hundredths = (long) Math.floor(p * 100);
        return String.format(Locale.ROOT, "%d.%02d%%", hundredths / 100, hundredths % 100);
    }
}
