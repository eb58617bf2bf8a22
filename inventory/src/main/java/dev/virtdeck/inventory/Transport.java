package dev.virtdeck.inventory;

/** How the libvirt driver talks to a host's libvirtd. */
public enum Transport {
    /** Native when the local libvirt library loads, else virsh. */
    AUTO,
    /** libvirt API (libvirt-java) tunnelled through the SSH connection. */
    NATIVE,
    /** {@code virsh} commands run over SSH. */
    VIRSH;

    /** @return the spelling used in the inventory ({@code auto}, {@code native}, {@code virsh}) */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
