package dev.virtdeck.driver;

/**
 * One VM as the drivers normalize it. Boxed fields are null when the driver does not know them;
 * {@code nativeState} is the hypervisor's own word (virsh's "shut off", xl's "-b----", ...).
 *
 * @param host        inventory name of the host
 * @param driver      driver kind ({@code libvirt}, {@code xl}, ...)
 * @param cpuTimeNs   cumulative CPU time, when cheap to get
 * @param residentOn  for a VM of a pool (XAPI): the pool member it runs on (its name), which need not be
 *                    {@code host}, the inventory host that answered for the pool; null when not running
 *                    or for hypervisors without pools
 * @param usage       the other usage counters read with the list, or null when the driver reads none
 *                    (rates come from two listings: {@link UsageRates})
 */
public record VmInfo(String host, String driver, String name, String uuid, VmState state, String nativeState,
                     Integer vcpus, Integer maxVcpus, Long memoryMiB, Long maxMemoryMiB, Boolean persistent,
                     Long cpuTimeNs, String residentOn, Usage usage) {

    /** A VM of a host that is in no pool. */
    public VmInfo(String host, String driver, String name, String uuid, VmState state, String nativeState,
                  Integer vcpus, Integer maxVcpus, Long memoryMiB, Long maxMemoryMiB, Boolean persistent,
                  Long cpuTimeNs) {
        this(host, driver, name, uuid, state, nativeState, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, persistent,
                cpuTimeNs, null, null);
    }

    /** A VM without usage counters. */
    public VmInfo(String host, String driver, String name, String uuid, VmState state, String nativeState,
                  Integer vcpus, Integer maxVcpus, Long memoryMiB, Long maxMemoryMiB, Boolean persistent,
                  Long cpuTimeNs, String residentOn) {
        this(host, driver, name, uuid, state, nativeState, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, persistent,
                cpuTimeNs, residentOn, null);
    }

    /** @return this VM with its usage counters */
    public VmInfo withUsage(Usage u) {
        return new VmInfo(host, driver, name, uuid, state, nativeState, vcpus, maxVcpus, memoryMiB, maxMemoryMiB,
                persistent, cpuTimeNs, residentOn, u);
    }

    /**
     * A running VM's usage as the hypervisor reports it at one moment. Every field is null when
     * unknown (the driver cannot read it, the guest does not report it, the VM is not running).
     * The byte counters are cumulative since the VM's process started, summed over its disks or
     * interfaces (0 for a VM that has none); rates come from two samples.
     *
     * @param memoryUsedKiB what the guest itself uses, as it reports through its balloon driver:
     *                      available minus unused (libvirt {@code balloon.available - balloon.unused});
     *                      null when the guest reports no memory statistics
     * @param memoryRssKiB  resident memory of the VM's process on the host (libvirt {@code balloon.rss}):
     *                      the host's view, guest RAM it touched plus the emulator's own (VirtualBox
     *                      {@code RAM/Usage/Used}; XAPI: {@code memory_actual}, what the domain holds)
     * @param reported      rates the hypervisor itself reports, already averaged over its own sampling
     *                      period (VirtualBox {@code metrics}, XAPI {@code VM_metrics}), for drivers that
     *                      read no counters; null when none. {@link UsageRates#between} prefers rates
     *                      from counters and falls back to these, also on a VM's first sample
     */
    public record Usage(Long memoryUsedKiB, Long memoryRssKiB, Long diskReadBytes, Long diskWriteBytes,
                        Long netRxBytes, Long netTxBytes, UsageRates reported) {
        public static final Usage NONE = new Usage(null, null, null, null, null, null);

        /** Counters only, nothing reported as a rate. */
        public Usage(Long memoryUsedKiB, Long memoryRssKiB, Long diskReadBytes, Long diskWriteBytes,
                     Long netRxBytes, Long netTxBytes) {
            this(memoryUsedKiB, memoryRssKiB, diskReadBytes, diskWriteBytes, netRxBytes, netTxBytes, null);
        }

        /** @return the guest's own figure when it reports one, else the host's (RSS), else null */
        public Long memoryInUseKiB() {
            return memoryUsedKiB != null ? memoryUsedKiB : memoryRssKiB;
        }
    }
}
