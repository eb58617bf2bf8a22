package dev.virtdeck.driver;

/**
 * A new VM. Boot either from kernel+initrd(+cmdline) or from an ISO; paths are on the host.
 * A serial console is always present. {@code diskMiB} is null for no disk.
 */
public record CreateSpec(String name, int vcpus, int maxVcpus, long memoryMiB, long maxMemoryMiB,
                         Long diskMiB, String kernel, String initrd, String cmdline, String iso) {
}
