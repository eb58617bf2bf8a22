package dev.virtdeck.inventory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A host with every SSH setting decided (flags, inventory host, defaults, ~/.ssh/config, OpenSSH
 * defaults, in that order).
 *
 * @param name          inventory name (or the {@code user@host:port} text of an ad-hoc jump host)
 * @param hostname      address or DNS name to connect to
 * @param port          SSH port
 * @param user          SSH user
 * @param identityFiles private keys to try, in order, {@code ~} expanded
 * @param knownHosts    OpenSSH known_hosts file
 * @param jump          the host to tunnel through, or null
 * @param sudo          run hypervisor tools through {@code sudo -n}
 * @param drivers       drivers to use; empty = auto-detect
 * @param libvirt       libvirt settings
 * @param xen           Xen settings
 * @param connectTimeout bound on TCP connect, SSH handshake and login; null = not set anywhere, so
 *                      the caller's default (the command line's, else 10 s) applies
 */
public record ResolvedHost(String name, String hostname, int port, String user, List<Path> identityFiles,
                           Path knownHosts, ResolvedHost jump, boolean sudo, List<String> drivers,
                           LibvirtSettings libvirt, XenSettings xen, Duration connectTimeout) {
    public ResolvedHost {
        identityFiles = List.copyOf(identityFiles);
        drivers = List.copyOf(drivers);
        xen = xen == null ? XenSettings.DEFAULT : xen;
    }

    /** A host without a connect timeout of its own. */
    public ResolvedHost(String name, String hostname, int port, String user, List<Path> identityFiles,
                        Path knownHosts, ResolvedHost jump, boolean sudo, List<String> drivers,
                        LibvirtSettings libvirt, XenSettings xen) {
        this(name, hostname, port, user, identityFiles, knownHosts, jump, sudo, drivers, libvirt, xen, null);
    }

    /** A host with the default Xen settings. */
    public ResolvedHost(String name, String hostname, int port, String user, List<Path> identityFiles,
                        Path knownHosts, ResolvedHost jump, boolean sudo, List<String> drivers,
                        LibvirtSettings libvirt) {
        this(name, hostname, port, user, identityFiles, knownHosts, jump, sudo, drivers, libvirt, XenSettings.DEFAULT);
    }
}
