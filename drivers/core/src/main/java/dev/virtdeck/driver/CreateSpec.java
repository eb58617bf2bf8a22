package dev.virtdeck.driver;

/**
 * A new VM. Boot either from kernel+initrd(+cmdline) or from an ISO; paths are on the host.
 * A serial console is always present. {@code diskMiB} is null for no disk.
 *
 * @param virtType the hypervisor's virtualization type to use ({@code kvm} or {@code qemu} on
 *                 libvirt, like virt-install's {@code --virt-type}), or null to let the driver
 *                 pick from what the host offers
 * @param template for hypervisors that create VMs by cloning a template (XAPI): the template's name,
 *                 or null for the driver's default; other drivers ignore it
 */
public record CreateSpec(String name, int vcpus, int maxVcpus, long memoryMiB, long maxMemoryMiB,
                         Long diskMiB, String kernel, String initrd, String cmdline, String iso, String virtType,
                         String template) {

    /** A spec without a template (the driver's default, where it uses one). */
    public CreateSpec(String name, int vcpus, int maxVcpus, long memoryMiB, long maxMemoryMiB,
                      Long diskMiB, String kernel, String initrd, String cmdline, String iso, String virtType) {
        this(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso, virtType, null);
    }

    /** A spec that lets the driver pick the virtualization type. */
    public CreateSpec(String name, int vcpus, int maxVcpus, long memoryMiB, long maxMemoryMiB,
                      Long diskMiB, String kernel, String initrd, String cmdline, String iso) {
        this(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso, null);
    }

    /** @return this spec with the virtualization type set (null: the driver picks) */
    public CreateSpec withVirtType(String type) {
        return new CreateSpec(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso, type,
                template);
    }

    /** The record's text, with {@code template} only when one is named (as the spec read before it existed). */
    @Override
    public String toString() {
        return "CreateSpec[name=" + name + ", vcpus=" + vcpus + ", maxVcpus=" + maxVcpus + ", memoryMiB=" + memoryMiB
                + ", maxMemoryMiB=" + maxMemoryMiB + ", diskMiB=" + diskMiB + ", kernel=" + kernel + ", initrd=" + initrd
                + ", cmdline=" + cmdline + ", iso=" + iso + ", virtType=" + virtType
                + (template == null ? "" : ", template=" + template) + "]";
    }

    /** @return this spec with the template to clone set (null: the driver's default) */
    public CreateSpec withTemplate(String name) {
        return new CreateSpec(this.name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso,
                virtType, name);
    }

    /**
     * Refuses a spec naming a template on a hypervisor that boots a new VM from files.
     *
     * @param tool what the host creates with, e.g. {@code "xl"}, for the refusal's wording
     */
    public void refuseTemplate(String host, String tool) {
        if (template != null) {
            throw Operation.CREATE.unsupported(host, name, tool + " creates a VM from boot files (--kernel/--initrd"
                    + " or --iso), not from a template");
        }
    }
}
