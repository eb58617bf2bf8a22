package dev.virtdeck.libvirt;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.virtdeck.driver.VmInfo;
import org.libvirt.Error;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.virDomainInfo;
import org.libvirt.jna.virError;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

        int virDomainShutdownFlags(DomainPointer dom, int flags);

        int virDomainFree(DomainPointer dom);

        virError virGetLastError();

        int virConnectListAllDomains(ConnectionPointer conn, PointerByReference domains, int flags);

        int virDomainGetState(DomainPointer dom, IntByReference state, IntByReference reason, int flags);

        int virDomainGetInfo(DomainPointer dom, virDomainInfo info);

        String virDomainGetName(DomainPointer dom);

        int virDomainGetUUIDString(DomainPointer dom, byte[] buf);

        int virDomainIsPersistent(DomainPointer dom);

        int virDomainHasManagedSaveImage(DomainPointer dom, int flags);

        int virConnectGetAllDomainStats(ConnectionPointer conn, int stats, PointerByReference retStats, int flags);

        void virDomainStatsRecordListFree(Pointer stats);
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

    /**
     * {@code VIR_DOMAIN_STATS_STATE | _CPU_TOTAL | _BALLOON | _VCPU | _INTERFACE | _BLOCK}: the
     * last two for the usage counters ({@link DomainUsage}), in the same one RPC.
     */
    static final int BULK_STATS = 1 | 2 | 4 | 8 | 16 | 32;
    /** {@code VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT}: never wait for a domain's job (libvirt 4.5+). */
    static final int STATS_NOWAIT = 1 << 29;
    /** {@code VIR_CONNECT_LIST_DOMAINS_TRANSIENT}. */
    static final int LIST_TRANSIENT = 1 << 3;
    /** {@code VIR_CONNECT_LIST_DOMAINS_MANAGEDSAVE}. */
    static final int LIST_MANAGEDSAVE = 1 << 8;

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
    /** {@code VIR_DOMAIN_SHUTDOWN_SIGNAL}: SIGTERM to the domain's init (LXC). */
    static final int SHUTDOWN_SIGNAL = 8;

    static void shutdownFlags(TunnelConnect conn, String name, int flags) throws CallFailed {
        withDomain(conn, name, d -> check(api().virDomainShutdownFlags(d, flags)));
    }

    static int getVcpusFlags(TunnelConnect conn, String name, int flags) throws CallFailed {
        return withDomain(conn, name, d -> check(api().virDomainGetVcpusFlags(d, flags)));
    }

    /**
     * One domain as read in one go; {@code state}/{@code reason} are libvirt's numbers.
     *
     * @param usage the usage counters of a running domain listed in bulk; null when read alone
     */
    record DomainRecord(String name, String uuid, int state, int reason, long memoryKiB, long maxMemoryKiB,
                        int vcpus, int maxVcpus, boolean persistent, boolean managedSave, long cpuTimeNs,
                        VmInfo.Usage usage) {
        /** A record without usage counters (read domain by domain). */
        DomainRecord(String name, String uuid, int state, int reason, long memoryKiB, long maxMemoryKiB,
                     int vcpus, int maxVcpus, boolean persistent, boolean managedSave, long cpuTimeNs) {
            this(name, uuid, state, reason, memoryKiB, maxMemoryKiB, vcpus, maxVcpus, persistent, managedSave,
                    cpuTimeNs, null);
        }

        /**
         * @return this record with another cpu time and no usage (running counters: comparisons
         *         set them aside)
         */
        DomainRecord withCpuTime(long ns) {
            return new DomainRecord(name, uuid, state, reason, memoryKiB, maxMemoryKiB, vcpus, maxVcpus, persistent,
                    managedSave, ns);
        }
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

    /**
     * The same records as {@link #listAll} in at most three RPCs instead of about five per
     * domain: {@code virConnectGetAllDomainStats} (state, balloon, vcpu, cpu time of every
     * domain), then, only when some domain is active, {@code virConnectListAllDomains(TRANSIENT)}
     * (persistence is not a stat) and, only when some domain is shut off,
     * {@code virConnectListAllDomains(MANAGEDSAVE)}. Names and UUIDs are local to the returned
     * domain objects (no RPC). A domain whose stats lack a field the record needs (a driver that
     * reports fewer groups, such as the test driver) is read the old way, alone.
     *
     * <p>Differences from {@link #listAll}, both libvirt's own: a running domain's cpu time
     * comes from the stats (qemu: the cgroup's cpuacct, or /proc; virDomainGetInfo reads /proc:
     * the same total, read a moment apart), and a domain without a balloon device may report its
     * maximum as current memory (qemu's stats do, virDomainGetInfo reports the XML's
     * currentMemory). A shut-off domain's cpu time is 0 like before (see {@link #fromStats}).
     * A domain that turns transient or gets a managed save image between the calls is reported
     * as of the later call; one defined meanwhile appears on the next list.
     *
     * @throws CallFailed libvirt's error; {@link #bulkUnsupported} tells when to fall back
     */
    static List<DomainRecord> listBulk(TunnelConnect conn) throws CallFailed {
        ConnectionPointer cp = pointer(conn);
        PointerByReference ref = new PointerByReference();
        int n = check(api().virConnectGetAllDomainStats(cp, BULK_STATS, ref, STATS_NOWAIT));
        Pointer array = ref.getValue();
        List<Stats> stats = new ArrayList<>(n);
        try {
            Pointer[] recs = n == 0 || array == null ? new Pointer[0] : array.getPointerArray(0, n);
            for (Pointer rec : recs) {
                DomainPointer d = new DomainPointer();
                d.setPointer(rec.getPointer(0));
                Pointer params = rec.getPointer(Native.POINTER_SIZE);
                int nparams = rec.getInt(2L * Native.POINTER_SIZE);
                String name = api().virDomainGetName(d);
                byte[] uuid = new byte[37];
                check(api().virDomainGetUUIDString(d, uuid));
                Map<String, Object> p = TypedParams.read(params, nparams);
                DomainRecord r = fromStats(name, Native.toString(uuid), p);
                if (r == null) {
                    // not enough in the stats: the old per-domain reads, on the same object
                    try {
                        r = read(d);
                    } catch (CallFailed e) {
                        if (isNoDomain(e)) continue;
                        throw e;
                    }
                    stats.add(new Stats(r, true));
                } else {
                    stats.add(new Stats(r, false));
                }
            }
        } finally {
            if (array != null) api().virDomainStatsRecordListFree(array);
        }
        boolean anyActive = stats.stream().anyMatch(s -> !s.complete() && isActive(s.record().state()));
        boolean anyShutoff = stats.stream().anyMatch(s -> !s.complete() && s.record().state() == DomainStates.SHUTOFF);
        Set<String> transientIds = anyActive ? uuids(cp, LIST_TRANSIENT) : Set.of();
        Set<String> savedIds = anyShutoff ? uuids(cp, LIST_MANAGEDSAVE) : Set.of();
        List<DomainRecord> out = new ArrayList<>(stats.size());
        for (Stats s : stats) {
            DomainRecord r = s.record();
            if (!s.complete()) {
                r = new DomainRecord(r.name(), r.uuid(), r.state(), r.reason(), r.memoryKiB(), r.maxMemoryKiB(),
                        r.vcpus(), r.maxVcpus(), !transientIds.contains(r.uuid()),
                        r.state() == DomainStates.SHUTOFF && savedIds.contains(r.uuid()), r.cpuTimeNs(), r.usage());
            }
            out.add(r);
        }
        return out;
    }

    /** One domain's stats: {@code complete} when read the old way (persistence and save known). */
    private record Stats(DomainRecord record, boolean complete) {
    }

    /**
     * @return the record the stats describe (persistent and managed save not yet known: false),
     *         or null when a field it needs is missing
     */
    static DomainRecord fromStats(String name, String uuid, Map<String, Object> p) {
        Long state = num(p, "state.state");
        Long reason = num(p, "state.reason");
        Long cur = num(p, "balloon.current");
        Long max = num(p, "balloon.maximum");
        Long vcpus = num(p, "vcpu.current");
        Long maxVcpus = num(p, "vcpu.maximum");
        Long cpu = num(p, "cpu.time");
        if (state == null || reason == null || cur == null || max == null || vcpus == null || maxVcpus == null) {
            return null;
        }
        int st = state.intValue();
        // virDomainGetInfo reports 0 for a domain that is not running. qemu's stats do report a
        // cpu.time for a shut-off domain, and it is not the domain's (libvirt 9.0 gives every
        // inactive domain the same figure): ignore it. A crashed domain may or may not still be
        // active, and a running one without cpu.time lacks its figure: read those the old way.
        if (st == DomainStates.SHUTOFF) {
            cpu = 0L;
        } else if (st == DomainStates.CRASHED || cpu == null) {
            return null;
        }
        return new DomainRecord(name, uuid, st, reason.intValue(), cur, max, vcpus.intValue(),
                maxVcpus.intValue(), false, false, cpu, st == DomainStates.SHUTOFF ? null : DomainUsage.from(k -> num(p, k)));
    }

    /** Anything but shut off may be running (a crashed domain can be kept active). */
    private static boolean isActive(int state) {
        return state != DomainStates.SHUTOFF;
    }

    private static Long num(Map<String, Object> p, String key) {
        return p.get(key) instanceof Long l ? l : null;
    }

    /** @return UUIDs of the domains virConnectListAllDomains(flags) returns (one RPC) */
    private static Set<String> uuids(ConnectionPointer cp, int flags) throws CallFailed {
        PointerByReference ref = new PointerByReference();
        int n = check(api().virConnectListAllDomains(cp, ref, flags));
        Pointer array = ref.getValue();
        Set<String> out = new HashSet<>();
        try {
            Pointer[] ptrs = n == 0 || array == null ? new Pointer[0] : array.getPointerArray(0, n);
            for (Pointer p : ptrs) {
                DomainPointer d = new DomainPointer();
                d.setPointer(p);
                try {
                    byte[] uuid = new byte[37];
                    check(api().virDomainGetUUIDString(d, uuid));
                    out.add(Native.toString(uuid));
                } finally {
                    api().virDomainFree(d);
                }
            }
        } finally {
            if (array != null) Native.free(Pointer.nativeValue(array));
        }
        return out;
    }

    /**
     * @return true when the connection cannot do {@link #listBulk}: the driver or daemon lacks
     *         virConnectGetAllDomainStats, or predates its NOWAIT flag
     */
    static boolean bulkUnsupported(CallFailed e) {
        if (e.error() == null) return false;
        Error.ErrorNumber code = e.error().getCode();
        return code == Error.ErrorNumber.VIR_ERR_NO_SUPPORT || code == Error.ErrorNumber.VIR_ERR_INVALID_ARG
                || code == Error.ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED;
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
        boolean saved = state.getValue() == DomainStates.SHUTOFF && hasManagedSave(d);
        // virDomainGetMaxVcpus refuses inactive domains; this asks the live or the config definition.
        // libvirt's LXC driver has neither call: a container's vCPUs are fixed, the maximum is the count
        int maxVcpus;
        try {
            maxVcpus = check(api().virDomainGetVcpusFlags(d, VCPU_MAXIMUM));
        } catch (CallFailed e) {
            if (!noSupport(e)) throw e;
            maxVcpus = info.nrVirtCpu;
        }
        return new DomainRecord(name, Native.toString(uuid), state.getValue(), reason.getValue(),
                info.memory.longValue(), info.maxMem.longValue(), info.nrVirtCpu, maxVcpus, persistent, saved,
                info.cpuTime);
    }

    /** libvirt's LXC driver has no managed save, nor the call asking for its image: none, then. */
    private static boolean hasManagedSave(DomainPointer d) throws CallFailed {
        try {
            return check(api().virDomainHasManagedSaveImage(d, 0)) == 1;
        } catch (CallFailed e) {
            if (!noSupport(e)) throw e;
            return false;
        }
    }

    /** @return true when the connection's driver lacks the call (VIR_ERR_NO_SUPPORT) */
    static boolean noSupport(CallFailed e) {
        return e.error() != null && e.error().getCode() == Error.ErrorNumber.VIR_ERR_NO_SUPPORT;
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
