package dev.virtdeck.libvirt;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.Transport;
import dev.virtdeck.libvirt.virsh.VirshDriver;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the libvirt transport for a host: the native API through an SSH tunnel when the local
 * libvirt library loads (or when the inventory forces it), else {@code virsh} over SSH. Both
 * drivers report their transport in {@link HypervisorDriver#hostInfo()}. Opening runs nothing on
 * the host: a login without virsh is reported by the first virsh command, in the same words a
 * separate {@code command -v virsh} gave, without costing every host an exec.
 */
public final class LibvirtDriverFactory {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtDriverFactory.class);

    private LibvirtDriverFactory() {
    }

    /**
     * @return the transport {@code settings} resolves to on this machine: never {@link Transport#AUTO}
     */
    public static Transport transport(LibvirtSettings settings) {
        return switch (settings.transport()) {
            case NATIVE -> Transport.NATIVE;
            case VIRSH -> Transport.VIRSH;
            case AUTO -> NativeLibrary.isAvailable() ? Transport.NATIVE : Transport.VIRSH;
        };
    }

    /**
     * Opens the libvirt driver for one host.
     *
     * @param sudo run remote tools through {@code sudo -n}
     * @throws NotSupportedException when the native transport is forced but the local libvirt
     *                               library cannot be loaded
     */
    public static HypervisorDriver open(String hostName, SshHost ssh, LibvirtSettings settings, boolean sudo,
                                        Trace trace) {
        Transport t = transport(settings);
        if (t == Transport.NATIVE) {
            if (!NativeLibrary.isAvailable()) {
                throw Operation.LIST.unsupported(hostName, null, "libvirt transport 'native' is set, but "
                        + NativeLibrary.problem() + "; install it (Debian: apt install libvirt0) or set transport: virsh");
            }
            return new NativeDriver(hostName, ssh, settings.uri(), sudo, trace);
        }
        if (settings.transport() == Transport.AUTO) {
            LOG.debug("{}: using virsh over SSH: {}", hostName, NativeLibrary.problem());
        }
        return new VirshDriver(hostName, ssh, settings.uri(), sudo);
    }

    /**
     * Opens the containers of one host: libvirt's LXC driver ({@link LibvirtKind#LXC_URI}) over the
     * native transport only, with the host's libvirt settings' sudo. The virsh driver reads
     * everything through {@code virsh domstats}, which the LXC driver does not implement.
     *
     * @throws NotSupportedException when the inventory forces {@code transport: virsh}, or the local
     *                               libvirt library cannot be loaded
     */
    public static HypervisorDriver openContainers(String hostName, SshHost ssh, LibvirtSettings settings, boolean sudo,
                                                  Trace trace) {
        if (settings.transport() == Transport.VIRSH) {
            throw Operation.LIST.unsupported(hostName, null, "containers (lxc) are driven over the native transport"
                    + " only: virsh's domstats, which the virsh transport reads, is not implemented by libvirt's LXC"
                    + " driver; set libvirt: {transport: native} or auto");
        }
        if (!NativeLibrary.isAvailable()) {
            throw Operation.LIST.unsupported(hostName, null, "containers (lxc) need the native transport, but "
                    + NativeLibrary.problem() + "; install it (Debian: apt install libvirt0)");
        }
        return new NativeDriver(hostName, LibvirtKind.LXC, ssh, LibvirtKind.LXC_URI, sudo, trace);
    }
}
