package dev.virtdeck.cli;

import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.RolloutResult;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.request.PlanStep;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Human output: aligned columns on stdout (errors go to stderr, printed by the commands). */
final class TableOutput implements Output {
    private final PrintStream out;

    TableOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void listing(Listing listing) {
        Table t = new Table("HOST", "NAME", "STATE", "VCPUS", "MEMORY", "DRIVER");
        for (VmInfo v : listing.vms()) {
            t.row(v.host(), v.name(), v.state() == null ? null : v.state().label(), pair(v.vcpus(), v.maxVcpus(), ""),
                    pair(v.memoryMiB(), v.maxMemoryMiB(), " MiB"), v.driver());
        }
        t.print(out);
    }

    private static String pair(Number cur, Number max, String unit) {
        if (cur == null && max == null) return null;
        return (cur == null ? "?" : cur.toString()) + "/" + (max == null ? "?" : max.toString()) + unit;
    }

    @Override
    public void results(List<RolloutResult> results) {
        boolean waves = results.stream().anyMatch(r -> r.wave() > 1);
        Table t = waves ? new Table("WAVE", "TARGET", "OUTCOME", "MESSAGE") : new Table("TARGET", "OUTCOME", "MESSAGE");
        for (RolloutResult r : results) {
            String target = r.target().label();
            if (waves) t.row(r.wave(), target, r.outcome().label(), r.outcome().message());
            else t.row(target, r.outcome().label(), r.outcome().message());
        }
        t.print(out);
    }

    /** A WAVE column comes first when the targets are in more than one wave. */
    @Override
    public void plan(List<PlanStep> steps, List<Integer> waves) {
        boolean many = waves.stream().anyMatch(w -> w > 1);
        Table t = many ? new Table("WAVE", "TARGET", "OUTCOME", "MESSAGE", "ACTION")
                : new Table("TARGET", "OUTCOME", "MESSAGE", "ACTION");
        for (int i = 0; i < steps.size(); i++) {
            PlanStep s = steps.get(i);
            if (many) t.row(waves.get(i), s.target(), s.outcome().label(), s.message(), s.action());
            else t.row(s.target(), s.outcome().label(), s.message(), s.action());
        }
        t.print(out);
    }

    @Override
    public void hosts(List<HostStatus> hosts, List<ResolvedHost> addresses) {
        Table t = new Table("HOST", "ADDRESS", "STATUS", "LATENCY", "DRIVERS", "TRANSPORT");
        for (int i = 0; i < hosts.size(); i++) {
            HostStatus h = hosts.get(i);
            ResolvedHost a = addresses.get(i);
            t.row(h.host(), a.user() + "@" + a.hostname() + ":" + a.port(), h.ok() ? "ok" : "error",
                    h.latencyMs() == null ? null : h.latencyMs() + " ms",
                    h.drivers().isEmpty() ? null : String.join(",", h.drivers()), h.transport());
        }
        t.print(out);
    }

    @Override
    public void hostInfo(HostStatus status, List<HostInfo> infos) {
        boolean first = true;
        for (HostInfo i : infos) {
            if (!first) out.println();
            first = false;
            Table t = new Table("FACT", "VALUE");
            t.row("host", i.host()).row("driver", i.driver()).row("transport", i.transport())
                    .row("hostname", i.hostname()).row("vmx flag", yesNo(i.vmx())).row("svm flag", yesNo(i.svm()))
                    .row("/dev/kvm", yesNo(i.devKvm())).row("kvm modules", list(i.kvmModules()))
                    .row("toolstacks", list(i.toolstacks())).row("hypervisor", join(i.hypervisor(), i.hypervisorVersion()))
                    .row("libvirt", i.libvirtVersion()).row("cpus", i.cpus())
                    .row("memory total", mib(i.memoryTotalMiB())).row("memory free", mib(i.memoryFreeMiB()))
                    .row("max vcpus/guest", i.maxVcpus()).row("guests", i.guests())
                    .row("latency", status.latencyMs() == null ? null : status.latencyMs() + " ms");
            if (i.extra() != null) for (Map.Entry<String, String> e : i.extra().entrySet()) t.row(e.getKey(), e.getValue());
            t.print(out);
        }
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }

    private static String list(List<String> l) {
        return l == null ? null : l.isEmpty() ? "none" : String.join(", ", l);
    }

    private static String mib(Long v) {
        return v == null ? null : v + " MiB";
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        return b == null ? a : a + " " + b;
    }
}
