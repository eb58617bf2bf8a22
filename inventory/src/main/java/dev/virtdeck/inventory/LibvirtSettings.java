package dev.virtdeck.inventory;

import java.util.Objects;

/**
 * A host's {@code libvirt:} settings.
 *
 * @param uri       libvirt connection URI on the host, e.g. {@code qemu:///system}
 * @param transport native API or virsh
 */
public record LibvirtSettings(String uri, Transport transport) {
    /** {@code qemu:///system}, transport chosen automatically. */
    public static final LibvirtSettings DEFAULT = new LibvirtSettings("qemu:///system", Transport.AUTO);

    public LibvirtSettings {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(transport, "transport");
    }
}
