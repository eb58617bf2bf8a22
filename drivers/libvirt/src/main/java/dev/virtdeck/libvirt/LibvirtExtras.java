package dev.virtdeck.libvirt;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import org.libvirt.Error;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.virDomainInfo;
import org.libvirt.jna.virError;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.ArrayList;
import java.util.List;

/**
 * libvirt API functions that libvirt-java 0.5.3 does not bind (it has no
 * {@code virDomainSetMemoryFlags}), bound here straight to the same libvirt.so.0. libvirt's last
 * error is per thread, so reading it right after a failed call is safe under concurrency.
 */
final class LibvirtExtras {

    /** {@code VIR_DOMAIN_MEM_MAXIMUM}: change the maximum instead of the current balloon. */
    static final int MEM_MAXIMUM = 4;
    /** {@code VIR_DOMAIN_VCPU_MAXIMUM}. */
    static final int VCPU_MAXIMUM = 4;
    /** {@code VIR_DOMAIN_UNDEFINE_NVRAM}, not in libvirt-java 0.5.3's UndefineFlags. */
    static final int UNDEFINE_NVRAM = 4;

    /** The functions used; names and signatures as in libvirt's C API. */
    interface Api extends com.sun.jna.Library {
        DomainPointer virDomainLookupByName(ConnectionPointer conn, String name);

        int virDomainSetMemoryFlags(DomainPointer dom, NativeLong memoryKiB, int flags);

        int virDomainGetVcpusFlags(DomainPointer dom, int flags);

        int virDomainFree(DomainPointer dom);

        virError virGetLastError();

        int virConnectListAllDomains(ConnectionPointer conn, PointerByReference domains, int flags);

        int virDomainGetState(DomainPointer dom, IntByReference state, IntByReference reason, int flags);

        int virDomainGetInfo(DomainPointer dom, virDomainInfo info);

        String virDomainGetName(DomainPointer dom);

        int virDomainGetUUIDString(DomainPointer dom, byte[] buf);

        int virDomainIsPersistent(DomainPointer dom);

        int virDomainHasManagedSaveImage(DomainPointer dom, int flags);
    }

    /** Thrown when an extra call fails; carries libvirt's error like LibvirtException does. */
    static final class CallFailed extends Exception {
        private final transient Error error;

        CallFailed(Error error) {
            super(error != null ? error.getMessage() : "libvirt call failed");
            this.error = error;
        }

        /** @return libvirt's error, or null when libvirt recorded none */
        Error error() {
            return error;
        }
    }

    private static volatile Api api;

    private LibvirtExtras() {
    }

    private static Api api() {
        Api a = api;
        if (a == null) {
            synchronized (LibvirtExtras.class) {
                a = api;
                if (a == null) api = a = Native.load("virt", Api.class);
            }
        }
        return a;
    }

    /** virDomainSetMemoryFlags on the domain named {@code name}. */
    static void setMemoryFlags(TunnelConnect conn, String name, long kib, int flags) throws CallFailed {
        withDomain(conn, name, d -> check(api().virDomainSetMemoryFlags(d, new NativeLong(kib), flags)));
    }

    /** @return virDomainGetVcpusFlags on the domain named {@code name} */
    static int getVcpusFlags(TunnelConnect conn, String name, int flags) throws CallFailed {
        return withDomain(conn, name, d -> check(api().virDomainGetVcpusFlags(d, flags)));
    }

    /** One domain as read in one go; {@code state}/{@code reason} are libvirt's numbers. */
    record DomainRecord(String name, String uuid, int state, int reason, long memoryKiB, long maxMemoryKiB,
                        int vcpus, int maxVcpus, boolean persistent, boolean managedSave, long cpuTimeNs) {
    }

    /**
     * virConnectListAllDomains (one RPC, active and inactive together, so a domain starting
     * meanwhile is neither missed nor listed twice), then each domain read. A domain that
     * vanishes between the two steps is left out.
     */
    static List<DomainRecord> listAll(TunnelConnect conn) throws CallFailed {
        ConnectionPointer cp = pointer(conn);
        PointerByReference ref = new PointerByReference();
        int n = check(api().virConnectListAllDomains(cp, ref, 0));
        Pointer array = ref.getValue();
        List<DomainRecord> out = new ArrayList<>(n);
        try {
            Pointer[] ptrs = n == 0 ? new Pointer[0] : array.getPointerArray(0, n);
            CallFailed first = null;
            for (Pointer p : ptrs) {
                DomainPointer d = new DomainPointer();
                d.setPointer(p);
                try {
                    out.add(read(d));
                } catch (CallFailed e) {
                    if (!isNoDomain(e) && first == null) first = e;
                } finally {
                    api().virDomainFree(d);
                }
            }
            if (first != null) throw first;
        } finally {
            if (array != null) Native.free(Pointer.nativeValue(array));
        }
        return out;
    }

    /** @return the domain named {@code name}, read in one go */
    static DomainRecord lookup(TunnelConnect conn, String name) throws CallFailed {
        return withDomainObj(conn, name, LibvirtExtras::read);
    }

    private static DomainRecord read(DomainPointer d) throws CallFailed {
        String name = api().virDomainGetName(d);
        byte[] uuid = new byte[37];
        check(api().virDomainGetUUIDString(d, uuid));
        IntByReference state = new IntByReference();
        IntByReference reason = new IntByReference();
        check(api().virDomainGetState(d, state, reason, 0));
        virDomainInfo info = new virDomainInfo();
        check(api().virDomainGetInfo(d, info));
        boolean persistent = check(api().virDomainIsPersistent(d)) == 1;
        boolean saved = state.getValue() == DomainStates.SHUTOFF
                && check(api().virDomainHasManagedSaveImage(d, 0)) == 1;
        // virDomainGetMaxVcpus refuses inactive domains; this asks the live or the config definition
        int maxVcpus = check(api().virDomainGetVcpusFlags(d, VCPU_MAXIMUM));
        return new DomainRecord(name, Native.toString(uuid), state.getValue(), reason.getValue(),
                info.memory.longValue(), info.maxMem.longValue(), info.nrVirtCpu, maxVcpus, persistent, saved,
                info.cpuTime);
    }

    static boolean isNoDomain(CallFailed e) {
        return e.error() != null && e.error().getCode() == org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN;
    }

    private interface DomainFn<T> {
        T apply(DomainPointer d) throws CallFailed;
    }

    private static <T> T withDomainObj(TunnelConnect conn, String name, DomainFn<T> fn) throws CallFailed {
        DomainPointer d = api().virDomainLookupByName(pointer(conn), name);
        if (d == null) throw lastError();
        try {
            return fn.apply(d);
        } finally {
            api().virDomainFree(d);
        }
    }

    private static ConnectionPointer pointer(TunnelConnect conn) {
        ConnectionPointer cp = conn.pointer();
        if (cp == null) throw new IllegalStateException("libvirt connection is closed");
        return cp;
    }

    private interface DomainCall {
        int call(DomainPointer d) throws CallFailed;
    }

    private static int withDomain(TunnelConnect conn, String name, DomainCall call) throws CallFailed {
        return withDomainObj(conn, name, call::call);
    }

    private static int check(int rc) throws CallFailed {
        if (rc < 0) throw lastError();
        return rc;
    }

    private static CallFailed lastError() {
        virError e = api().virGetLastError();
        return new CallFailed(e != null ? new Error(e) : null);
    }
}
