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
 */
public record VmInfo(String host, String driver, String name, String uuid, VmState state, String nativeState,
                     Integer vcpus, Integer maxVcpus, Long memoryMiB, Long maxMemoryMiB, Boolean persistent,
                     Long cpuTimeNs, String residentOn) {

    /** A VM of a host that is in no pool. */
    public VmInfo(String host, String driver, String name, String uuid, VmState state, String nativeState,
                  Integer vcpus, Integer maxVcpus, Long memoryMiB, Long maxMemoryMiB, Boolean persistent,
                  Long cpuTimeNs) {
        this(host, driver, name, uuid, state, nativeState, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, persistent,
                cpuTimeNs, null);
    }
}
