package dev.virtdeck.driver;

import dev.virtdeck.host.HostFacts;

import java.util.List;
import java.util.Map;

/**
 * Virtualization facts of one host. Boxed values are null when unknown.
 *
 * @param transport  how the driver talks to the hypervisor ("native", "virsh", "xl", ...)
 * @param vmx        the vmx flag is in /proc/cpuinfo
 * @param svm        the svm flag is in /proc/cpuinfo
 * @param devKvm     /dev/kvm exists
 * @param kvmModules loaded kvm modules (kvm, kvm_intel, kvm_amd)
 * @param toolstacks which of virsh, xl, xm, VBoxManage are on the PATH
 * @param extra      driver-specific facts, in display order
 */
public record HostInfo(String host, String driver, String transport, String hostname, boolean vmx, boolean svm,
                       boolean devKvm, List<String> kvmModules, List<String> toolstacks, String hypervisor,
                       String hypervisorVersion, String libvirtVersion, Integer cpus, Long memoryTotalMiB,
                       Long memoryFreeMiB, Integer maxVcpus, Integer guests, Map<String, String> extra) {

    /**
     * What the hypervisor itself reports about its host; null where it reports nothing.
     *
     * @param memoryTotalMiB with {@code memoryFreeMiB}: null to take both from the host's
     *                       /proc/meminfo, never one from each source (libvirt's node memory can
     *                       be a NUMA node's or a cgroup's figure, and free above total would be
     *                       nonsense on screen)
     */
    public record Reported(String hostname, String hypervisor, String hypervisorVersion, String libvirtVersion,
                           Integer cpus, Long memoryTotalMiB, Long memoryFreeMiB, Integer maxVcpus, Integer guests) {
    }

    /** @return the host's info: what the hypervisor reports, the host facts where it reports nothing */
    public static HostInfo of(String host, String driver, String transport, HostFacts f, Reported r,
                              Map<String, String> extra) {
        boolean ownMemory = r.memoryTotalMiB() != null;
        return new HostInfo(host, driver, transport, r.hostname() != null ? r.hostname() : f.hostname(), f.vmx(),
                f.svm(), f.devKvm(), f.kvmModules(), f.toolstacks(), r.hypervisor(), r.hypervisorVersion(),
                r.libvirtVersion(), r.cpus() != null ? r.cpus() : f.cpus(),
                ownMemory ? r.memoryTotalMiB() : f.memoryTotalMiB(), ownMemory ? r.memoryFreeMiB() : f.memoryAvailableMiB(),
                r.maxVcpus(), r.guests(), extra);
    }
}
