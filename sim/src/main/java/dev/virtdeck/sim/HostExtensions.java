package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Registration point for simulations that live outside this package (the XAPI pool in
 * {@code dev.virtdeck.sim.xapi}): UNIX sockets a host serves to {@code direct-streamlocal@openssh.com} channels,
 * and the running domains {@code xl console DOMID} can attach to on a XAPI host. Kept apart from {@link SimHost}
 * so the host class does not grow a field per simulated toolstack.
 */
public final class HostExtensions {

    /** A UNIX stream socket served on a simulated host; one call per accepted connection (SSH channel). */
    public interface UnixSocket {
        /**
         * Serves one connection until the client closes it or the service ends it. {@code in} ends at the
         * client's EOF; returning closes the connection.
         */
        void serve(InputStream in, OutputStream out) throws IOException;
    }

    /** The guest domains running on one host, by Xen domain id ({@code xl console DOMID}). */
    public interface Domains {
        /** The guest whose domain has this id on this host, if it runs (or is paused) here. */
        Optional<SimVm> domain(int domid);
    }

    private static final class Ext {
        final Map<String, UnixSocket> sockets = new HashMap<>();
        Domains domains;
    }

    private static final Map<SimHost, Ext> EXT = Collections.synchronizedMap(new WeakHashMap<>());

    private HostExtensions() {}

    /** Makes {@code host} serve {@code path} (e.g. /var/lib/xcp/xapi) to direct-streamlocal channels. */
    public static void bindUnixSocket(SimHost host, String path, UnixSocket socket) {
        synchronized (EXT) {
            EXT.computeIfAbsent(host, h -> new Ext()).sockets.put(path, socket);
        }
    }

    /** Sets where {@code xl console DOMID} on a XAPI host looks its domains up. */
    public static void bindDomains(SimHost host, Domains domains) {
        synchronized (EXT) {
            EXT.computeIfAbsent(host, h -> new Ext()).domains = domains;
        }
    }

    static Optional<UnixSocket> unixSocket(SimHost host, String path) {
        synchronized (EXT) {
            Ext e = EXT.get(host);
            return e == null ? Optional.empty() : Optional.ofNullable(e.sockets.get(path));
        }
    }

    static Optional<Domains> domains(SimHost host) {
        synchronized (EXT) {
            Ext e = EXT.get(host);
            return e == null ? Optional.empty() : Optional.ofNullable(e.domains);
        }
    }

    /**
     * A guest that belongs to no host's VM list: the console side ({@link GuestConsole}) of a VM whose state is
     * kept elsewhere. Its vCPUs answer {@code nproc}; its name gives the guest hostname.
     */
    public static SimVm detachedGuest(String name) {
        return new SimVm(name, null, "/", Clock.systemUTC());
    }
}
