package dev.virtdeck.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One host of the inventory, as written in the file (nothing resolved yet; see
 * {@link HostResolver}). Nullable fields are null when the file does not set them.
 *
 * @param name       inventory name (the key under {@code hosts:})
 * @param address    address, DNS name or ~/.ssh/config Host alias; defaults to {@code name}
 * @param port       SSH port or null
 * @param user       SSH user or null
 * @param identity   private key path as written, or null
 * @param knownHosts known_hosts path as written, or null
 * @param drivers    hypervisor drivers to use; empty = auto-detect
 * @param libvirt    libvirt settings, never null
 * @param sudo       run hypervisor tools through {@code sudo -n}
 * @param jump       another inventory host name or {@code user@host:port}, or null
 * @param groups     groups this host joins
 * @param tags       free-form tags
 * @param line       line of the file where the host is defined (1-based; 0 if not from a file)
 * @param xen        Xen settings, never null
 * @param connectTimeout bound on TCP connect, SSH handshake and login ({@code connect_timeout}), or null
 */
public record Host(String name, String address, Integer port, String user, String identity, String knownHosts,
                   List<String> drivers, LibvirtSettings libvirt, boolean sudo,
                   String jump, List<String> groups, List<String> tags, int line, XenSettings xen,
                   Duration connectTimeout) {
    public Host {
        Objects.requireNonNull(name, "name");
        if (address == null) {
            address = name;
        }
        drivers = List.copyOf(drivers == null ? List.of() : drivers);
        libvirt = libvirt == null ? LibvirtSettings.DEFAULT : libvirt;
        groups = List.copyOf(groups == null ? List.of() : groups);
        tags = List.copyOf(tags == null ? List.of() : tags);
        xen = xen == null ? XenSettings.DEFAULT : xen;
    }

    /** A host without a connect timeout of its own. */
    public Host(String name, String address, Integer port, String user, String identity, String knownHosts,
                List<String> drivers, LibvirtSettings libvirt, boolean sudo, String jump, List<String> groups,
                List<String> tags, int line, XenSettings xen) {
        this(name, address, port, user, identity, knownHosts, drivers, libvirt, sudo, jump, groups, tags, line, xen,
                null);
    }

    /** A host with the default Xen settings. */
    public Host(String name, String address, Integer port, String user, String identity, String knownHosts,
                List<String> drivers, LibvirtSettings libvirt, boolean sudo, String jump, List<String> groups,
                List<String> tags, int line) {
        this(name, address, port, user, identity, knownHosts, drivers, libvirt, sudo, jump, groups, tags, line,
                XenSettings.DEFAULT);
    }

    /** A host with only a name (address = name), everything else unset. */
    public static Host named(String name) {
        return new Host(name, null, null, null, null, null, List.of(), LibvirtSettings.DEFAULT, false, null,
                List.of(), List.of(), 0);
    }
}
