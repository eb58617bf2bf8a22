package dev.virtdeck.driver;

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
}
