package dev.virtdeck.driver;

/**
 * Rates of one VM between two samples of its cumulative counters: CPU % (100 % = one host CPU
 * busy for the whole interval, so a VM with 4 busy vCPUs shows 400 %) and bytes per second of
 * disk and network. A rate is null where it cannot be told: the first sample, a counter missing
 * in either sample, a counter that went down (the VM restarted: its counters began again), a
 * different VM under the same name (another uuid), or a VM that is not running now.
 *
 * <p>Where a rate cannot come from counters, the one the hypervisor reported with the latest
 * sample ({@link VmInfo.Usage#reported()}: VirtualBox and XAPI average over their own sampling
 * period) stands in, also on a VM's first sample; a VM that is not running has none.
 *
 * @param cpuPercent   CPU time used over wall time, in percent of one CPU
 * @param diskReadBps  bytes read per second, all disks together
 * @param diskWriteBps bytes written per second
 * @param netRxBps     bytes received per second, all interfaces together
 * @param netTxBps     bytes sent per second
 */
public record UsageRates(Double cpuPercent, Double diskReadBps, Double diskWriteBps, Double netRxBps,
                         Double netTxBps) {
    public static final UsageRates NONE = new UsageRates(null, null, null, null, null);

    /**
     * One VM's counters and when they were read.
     *
     * @param atNanos a {@link System#nanoTime()} reading taken when the VM's host answered
     */
    public record Sample(VmInfo vm, long atNanos) {
    }

    /**
     * @return the rates from {@code before} to {@code now}, the reported ones of {@code now} where the
     *         counters give none ({@code before} null: only those); {@link #NONE} for a VM not running
     */
    public static UsageRates between(Sample before, Sample now) {
        if (now == null || now.vm().state() == null || !now.vm().state().isActive()) return NONE;
        return fromCounters(before, now).or(reported(now.vm()));
    }

    /** @return the rates the hypervisor reported with {@code vm}, or {@link #NONE} */
    public static UsageRates reported(VmInfo vm) {
        if (vm.usage() == null || vm.usage().reported() == null) return NONE;
        return vm.usage().reported();
    }

    /** @return each rate of this one, or where it is null the one of {@code other} */
    public UsageRates or(UsageRates other) {
        return new UsageRates(first(cpuPercent, other.cpuPercent), first(diskReadBps, other.diskReadBps),
                first(diskWriteBps, other.diskWriteBps), first(netRxBps, other.netRxBps),
                first(netTxBps, other.netTxBps));
    }

    private static UsageRates fromCounters(Sample before, Sample now) {
        if (before == null) return NONE;
        VmInfo a = before.vm();
        VmInfo b = now.vm();
        long dt = now.atNanos() - before.atNanos();
        if (dt <= 0) return NONE;
        if (a.uuid() != null && b.uuid() != null && !a.uuid().equals(b.uuid())) return NONE;
        double seconds = dt / 1e9;
        Double cpu = delta(a.cpuTimeNs(), b.cpuTimeNs());
        VmInfo.Usage ua = a.usage() == null ? VmInfo.Usage.NONE : a.usage();
        VmInfo.Usage ub = b.usage() == null ? VmInfo.Usage.NONE : b.usage();
        return new UsageRates(cpu == null ? null : cpu * 100 / dt,
                perSecond(ua.diskReadBytes(), ub.diskReadBytes(), seconds),
                perSecond(ua.diskWriteBytes(), ub.diskWriteBytes(), seconds),
                perSecond(ua.netRxBytes(), ub.netRxBytes(), seconds),
                perSecond(ua.netTxBytes(), ub.netTxBytes(), seconds));
    }

    private static Double first(Double a, Double b) {
        return a != null ? a : b;
    }

    private static Double perSecond(Long before, Long now, double seconds) {
        Double d = delta(before, now);
        return d == null ? null : d / seconds;
    }

    /** @return how much the counter grew, or null when unknown or when it went down (a restart) */
    private static Double delta(Long before, Long now) {
        if (before == null || now == null || now < before) return null;
        return (double) (now - before);
    }
}
