package dev.virtdeck.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.ConnectionPointer;

/**
 * A libvirt-java {@link Connect} that exposes its native handle (a protected field meant for
 * subclasses), so {@link LibvirtExtras} can call API functions libvirt-java 0.5.3 lacks.
 */
final class TunnelConnect extends Connect {

    TunnelConnect(String uri) throws LibvirtException {
        super(uri);
    }

    /** @return the native connection handle, null once closed */
    ConnectionPointer pointer() {
        return vcp;
    }
}
