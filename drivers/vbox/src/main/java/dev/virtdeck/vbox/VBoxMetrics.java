package dev.virtdeck.vbox;

import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.ssh.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Live usage of a host's running VMs from VirtualBox's own performance collector: one
 * {@code VBoxManage metrics query '*' METRICS} per list for all VMs, run by the list's own script
 * ({@link VBoxListScript}) while a VM may run. VirtualBox reports averages over its sampling
 * period, not counters, so they travel as {@link VmInfo.Usage#reported()}.
 *
 * <p><b>Collection</b> must be switched on: VirtualBox collects nothing until
 * {@code metrics setup}, and forgets a VM's settings when it stops, so a VM started later is not
 * collected. Each list queries first; when a running VM has no sample and this driver did not set
 * it up in the last {@value #STALE_NANOS} ns (first list of a connection, a VM started or restarted
 * since), it then runs {@code metrics setup --period 1 --samples 1 '*' BASES} (an exec beyond the
 * list's script, only then), so such a VM shows
 * figures from the next list on (one second after the setup). Where another tool already has
 * collection on, nothing is set up: its settings (kept by VBoxSVC for every client of the host
 * user) are left alone, and the figures are averages over its period.
 *
 * <p><b>What it reads</b>: {@code CPU/Load/User+Kernel} (the VM process's share of ALL host CPUs,
 * turned into virtdeck's "100 % = one CPU" with the host's CPU count from {@code list hostinfo},
 * read once); {@code RAM/Usage/Used} (the process's resident memory: {@code memoryRssKiB});
 * {@code Guest/RAM/Usage/Total-Free} (the guest's own use, with the Guest Additions only);
 * {@code Net/Rate/Rx|Tx} (bytes/s, all NICs). VirtualBox has no per-VM disk throughput metric
 * ({@code Disk/Usage/Used} is the images' size), so disk rates stay unknown.
 *
 * <p>Metrics never fail a list: a failed setup or query leaves the VMs without usage (logged).
 */
final class VBoxMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(VBoxMetrics.class);
    static final long STALE_NANOS = 3_000_000_000L;
    /** The base metrics set up (setup takes base names, query the sub-metrics). */
    static final String BASES = "CPU/Load,RAM/Usage,Net/Rate,Guest/RAM/Usage";
    static final String CPU_USER = "CPU/Load/User";
    static final String CPU_KERNEL = "CPU/Load/Kernel";
    static final String RSS = "RAM/Usage/Used";
    static final String GUEST_TOTAL = "Guest/RAM/Usage/Total";
    static final String GUEST_FREE = "Guest/RAM/Usage/Free";
    static final String RX = "Net/Rate/Rx";
    static final String TX = "Net/Rate/Tx";
    static final List<String> QUERIED = List.of(CPU_USER, CPU_KERNEL, RSS, GUEST_TOTAL, GUEST_FREE, RX, TX);

    private final String hostName;
    private final VBoxManage vbm;
    private final LongSupplier nanos;
    /** Running VMs (uuid) whose collection this driver set up, and when. */
    private final Map<String, Long> setUp = new HashMap<>();
    private Integer hostCpus;

    VBoxMetrics(String hostName, VBoxManage vbm, LongSupplier nanos) {
        this.hostName = hostName;
        this.vbm = vbm;
        this.nanos = nanos;
    }

    /**
     * @param query the {@code metrics query '*' QUERIED} run with the listing ({@link VBoxListScript}),
     *              null when none ran (then nothing is attached and nothing set up)
     * @return {@code vms} with the usage of the running ones, as far as VirtualBox has it
     */
    synchronized List<VmInfo> attach(List<VmInfo> vms, ExecResult query) {
        List<VmInfo> running = vms.stream().filter(v -> v.uuid() != null && v.state().isActive()).toList();
        setUp.keySet().retainAll(running.stream().map(VmInfo::uuid).collect(Collectors.toSet()));
        if (running.isEmpty()) return vms;
        if (query == null) {
            LOG.debug("{}: no metrics query ran with the listing", hostName);
            return vms;
        }
        try {
            String out = vbm.require(null, query).stdout();
            Map<String, Map<String, Double>> byName = VBoxParsers.metrics(out, QUERIED);
            long now = nanos.getAsLong();
            boolean setup = false;
            Set<String> ambiguous = ambiguousNames(vms);
            for (VmInfo v : running) {
                Map<String, Double> m = byName.get(v.name());
                Long since = setUp.get(v.uuid());
                boolean missing = (m == null || !m.containsKey(CPU_USER)) && !ambiguous.contains(v.name());
                if (missing && (since == null || now - since > STALE_NANOS)) setup = true;
            }
            List<VmInfo> result = withUsage(vms, byName);
            if (setup) {
                // after the query: setup empties every VM's samples, this list keeps what it read
                vbm.ok(null, "metrics", "setup", "--period", "1", "--samples", "1", "*", BASES);
                for (VmInfo v : running) setUp.put(v.uuid(), now);
            }
            return result;
        } catch (VirtdeckException e) {
            LOG.debug("{}: no VirtualBox metrics: {}", hostName, e.getMessage());
            return vms;
        }
    }

    /**
     * @return names the query cannot attribute (VBoxManage names objects by name): two VMs of one
     *         name, and "host", the host's own object; their missing figures never call for a setup
     */
    static Set<String> ambiguousNames(List<VmInfo> vms) {
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>(Set.of("host"));
        for (VmInfo v : vms) if (!seen.add(v.name())) twice.add(v.name());
        return twice;
    }

    private List<VmInfo> withUsage(List<VmInfo> vms, Map<String, Map<String, Double>> byName) {
        List<VmInfo> out = new ArrayList<>(vms.size());
        Integer cpus = null;
        for (VmInfo v : vms) {
            Map<String, Double> m = v.state().isActive() ? byName.get(v.name()) : null;
            if (m == null || !m.containsKey(CPU_USER)) {
                out.add(v);
                continue;
            }
            if (cpus == null) cpus = cpus();
            out.add(v.withUsage(usage(m, cpus)));
        }
        return out;
    }

    /**
     * One VM's figures as virtdeck's usage.
     *
     * @param cpus the host's CPUs (VirtualBox's CPU load is a share of all of them), null if unknown
     */
    static VmInfo.Usage usage(Map<String, Double> m, Integer cpus) {
        Double user = m.get(CPU_USER);
        Double kernel = m.get(CPU_KERNEL);
        Double cpu = user == null || kernel == null || cpus == null ? null : (user + kernel) * cpus;
        Double total = m.get(GUEST_TOTAL);
        Double free = m.get(GUEST_FREE);
        Long guestUsed = total == null || free == null || total <= 0 || free > total ? null
                : Math.round(total - free);
        Double rss = m.get(RSS);
        return new VmInfo.Usage(guestUsed, rss == null ? null : Math.round(rss), null, null, null, null,
                new UsageRates(cpu, null, null, m.get(RX), m.get(TX)));
    }

    /** @return the host's online CPUs, read once ({@code list hostinfo}); null when it does not say */
    private Integer cpus() {
        if (hostCpus == null) {
            Map<String, String> h = VBoxParsers.labels(vbm.ok(null, "list", "hostinfo").stdout());
            Long n = VBoxParsers.leadingNumber(h.getOrDefault("Processor online count", h.get("Processor count")));
            if (n == null || n <= 0) return null;
            hostCpus = n.intValue();
        }
        return hostCpus;
    }
}
