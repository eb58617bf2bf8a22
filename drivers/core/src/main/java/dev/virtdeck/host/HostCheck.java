package dev.virtdeck.host;

import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.util.List;

/**
 * One host's {@code host-check}: the survey (one exec), the KVM probe when asked for (one or two execs,
 * seconds each), and the verdicts. Needs nothing but SSH: it works on a host with no toolstack.
 *
 * @param host   inventory name
 * @param survey what the host showed; null when it could not be read
 * @param probe  the probe's result; null when not asked for or not possible (see {@code checks})
 * @param checks one per kind of {@link Readiness#KINDS}; empty when the host could not be checked
 * @param error  why the host could not be checked (unreachable, auth, the survey failed), else null
 */
public record HostCheck(String host, HostSurvey survey, KvmProbe.Result probe, List<Readiness.Check> checks,
                        String error) {

    public HostCheck {
        checks = List.copyOf(checks);
    }

    public static HostCheck failed(String host, String error) {
        return new HostCheck(host, null, null, List.of(), error);
    }

    /**
     * Surveys the host and judges it; with {@code probe}, boots the probe guest first when the host has QEMU
     * and a kernel image (otherwise the KVM check says why no probe ran).
     */
    public static HostCheck run(ResolvedHost host, SshHost ssh, boolean probe) {
        HostSurvey s = HostSurvey.gather(ssh, host.name());
        KvmProbe.Result result = null;
        if (probe && s.qemu() != null && s.bootKernel() != null && s.facts().devKvm()) {
            result = KvmProbe.run(ssh, s.bootKernel(), !s.root() && host.sudo());
        }
        List<Readiness.Check> checks = Readiness.assess(host.name(), s, result);
        if (probe && result == null) checks = withProbeSkipped(checks, s);
        return new HostCheck(host.name(), s, result, checks, null);
    }

    /** Adds to the KVM check why {@code --probe} booted nothing. */
    private static List<Readiness.Check> withProbeSkipped(List<Readiness.Check> checks, HostSurvey s) {
        String why = !s.facts().devKvm() ? "no /dev/kvm" : s.qemu() == null ? "QEMU is not installed"
                : "no readable kernel image in /boot";
        return checks.stream().map(c -> {
            if (!c.kind().equals("kvm")) return c;
            List<String> ev = new java.util.ArrayList<>(c.evidence());
            ev.add("probe: not run (" + why + ")");
            return new Readiness.Check(c.kind(), c.verdict(), ev, c.next());
        }).toList();
    }
}
