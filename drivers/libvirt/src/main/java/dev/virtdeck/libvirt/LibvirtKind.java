package dev.virtdeck.libvirt;

/**
 * The two kinds this module serves over the same code: VMs ({@code libvirt}, the inventory's
 * libvirt URI) and Linux containers through libvirt's LXC driver ({@code lxc}, always
 * {@code lxc:///system}: a host has one LXC driver, and the inventory's {@code libvirt: {uri}}
 * names the VM hypervisor, so it cannot name both).
 */
public enum LibvirtKind {
    LIBVIRT("libvirt"), LXC("lxc");

    /** The URI of libvirt's LXC driver on a host (the privileged daemon's). */
    public static final String LXC_URI = "lxc:///system";

    private final String kindName;

    LibvirtKind(String kindName) {
        this.kindName = kindName;
    }

    /** @return the kind as the inventory spells it */
    public String kindName() {
        return kindName;
    }

    /** @return the kind named {@code name} ({@code libvirt} or {@code lxc}) */
    public static LibvirtKind of(String name) {
        return "lxc".equals(name) ? LXC : LIBVIRT;
    }
}
