package dev.virtdeck.driver;

/**
 * A new VM. Boot from kernel+initrd(+cmdline), from an ISO, or from a disk image; paths are on
 * the host. A serial console is always present. {@code diskMiB} is null for no new disk; with an
 * {@code image} it is the size of the copy-on-write overlay (null: the base image's size).
 *
 * @param virtType the hypervisor's virtualization type to use ({@code kvm} or {@code qemu} on
 *                 libvirt, like virt-install's {@code --virt-type}), or null to let the driver
 *                 pick from what the host offers
 * @param template for hypervisors that create VMs by cloning a template (XAPI): the template's name,
 *                 or null for the driver's default; other drivers ignore it
 * @param network  the VM's NIC ({@link NicSpec#DEFAULT}: the driver's default)
 * @param image    a base disk image on the host: the VM's first disk is a new copy-on-write qcow2
 *                 overlay on it (the base is never written); null for none
 * @param rootfs   a container's root filesystem: a directory on the host (libvirt's LXC driver runs
 *                 its /sbin/init as PID 1); null for a VM
 */
public record CreateSpec(String name, int vcpus, int maxVcpus, long memoryMiB, long maxMemoryMiB,
                         Long diskMiB, String kernel, String initrd, String cmdline, String iso, String virtType,
                         String template, NicSpec network, String image, String rootfs) {

    public CreateSpec {
        if (network == null) network = NicSpec.DEFAULT;
    }

    /** A VM's spec (no root filesystem). */
    public CreateSpec(String name, int vcpus, int maxVcpus, long memoryMiB, long maxMemoryMiB,
                      Long diskMiB, String kernel, String initrd, String cmdline, String iso, String virtType,
                      String template, NicSpec network, String image) {
        this(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso, virtType, template,
                network, image, null);
    }

    /** A spec with the default NIC and no base image. */
    public CreateSpec(String name, int vcpus, int maxVcpus, long memoryMiB, long maxMemoryMiB,
                      Long diskMiB, String kernel, String initrd, String cmdline, String iso, String virtType,
                      String template) {
        this(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso, virtType, template,
                NicSpec.DEFAULT, null);
    }

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
                template, network, image, rootfs);
    }

    /** @return this spec with its NIC set */
    public CreateSpec withNetwork(NicSpec nic) {
        return new CreateSpec(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso,
                virtType, template, nic, image, rootfs);
    }

    /** @return this spec with a base image (null: none) */
    public CreateSpec withImage(String base) {
        return new CreateSpec(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso,
                virtType, template, network, base, rootfs);
    }

    /** The record's text; template, network, image and rootfs only when set (as the spec read before they existed). */
    @Override
    public String toString() {
        return "CreateSpec[name=" + name + ", vcpus=" + vcpus + ", maxVcpus=" + maxVcpus + ", memoryMiB=" + memoryMiB
                + ", maxMemoryMiB=" + maxMemoryMiB + ", diskMiB=" + diskMiB + ", kernel=" + kernel + ", initrd=" + initrd
                + ", cmdline=" + cmdline + ", iso=" + iso + ", virtType=" + virtType
                + (template == null ? "" : ", template=" + template)
                + (network.kind() == NicSpec.Kind.DEFAULT ? "" : ", network=" + network.spell())
                + (image == null ? "" : ", image=" + image) + (rootfs == null ? "" : ", rootfs=" + rootfs) + "]";
    }

    /** @return this spec with the template to clone set (null: the driver's default) */
    public CreateSpec withTemplate(String name) {
        return new CreateSpec(this.name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso,
                virtType, name, network, image, rootfs);
    }

    /** @return this spec with a container's root filesystem directory (null: a VM) */
    public CreateSpec withRootfs(String dir) {
        return new CreateSpec(name, vcpus, maxVcpus, memoryMiB, maxMemoryMiB, diskMiB, kernel, initrd, cmdline, iso,
                virtType, template, network, image, dir);
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
