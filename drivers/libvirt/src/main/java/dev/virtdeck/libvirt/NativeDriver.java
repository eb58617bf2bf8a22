package dev.virtdeck.libvirt;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.GracefulShutdown;
import dev.virtdeck.driver.GracefulShutdown.Forced;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.LostRace;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.host.HostFacts;
import dev.virtdeck.libvirt.LibvirtExtras.DomainRecord;
import dev.virtdeck.ssh.SshHost;
import org.libvirt.Domain;
import org.libvirt.DomainBlockInfo;
import org.libvirt.DomainInterface;
import org.libvirt.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static dev.virtdeck.libvirt.NativeCalls.AFFECT_CONFIG;
import static dev.virtdeck.libvirt.NativeCalls.AFFECT_LIVE;
import static dev.virtdeck.libvirt.NativeCalls.api;
import static dev.virtdeck.libvirt.NativeCalls.dom;
import static dev.virtdeck.libvirt.NativeCalls.flagNames;
import static dev.virtdeck.libvirt.NativeCalls.flags;

/**
 * The libvirt driver over the native libvirt API (libvirt-java), tunnelled through the host's SSH
 * connection by {@link VirtSshHelperBridge}. One RPC costs well under a millisecond, against a
 * few hundred for each {@code virsh} run over SSH.
 *
 * <p>Every API call is reported to the {@link Trace} and named in results and errors in C API
 * form, e.g. {@code virDomainCreate("vd-deaf")} ({@link NativeCalls}). The console is the
 * exception: it runs {@code virsh console} on a remote PTY ({@link VirshConsole}). Attach-disk,
 * create and delete are {@link DomainChanges}, shared with the virsh driver.
 */
public final class NativeDriver extends LibvirtDriver {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDriver.class);

    private final SshHost ssh;
    private final String uri;
    private final boolean sudo;
    private final LibvirtLink link;
    private final NativeCalls calls;
    private final NativeSteps steps;
    private final DomainChanges changes;
    private final GracefulShutdown shutdowns;
    private final NativeSnapshots snapshots;

    /**
     * Opens the tunnel and the libvirt connection.
     *
     * @param uri  libvirt URI on the host, e.g. {@code qemu:///system}
     * @param sudo run virt-ssh-helper (and disk/console commands) through {@code sudo -n}
     */
    public NativeDriver(String host, SshHost ssh, String uri, boolean sudo, Trace trace) {
        this(host, LibvirtKind.LIBVIRT, ssh, uri, sudo, trace);
    }

    /** @param kind VMs, or containers (then {@code uri} is libvirt's LXC driver's) */
    public NativeDriver(String host, LibvirtKind kind, SshHost ssh, String uri, boolean sudo, Trace trace) {
        super(host, kind);
        this.ssh = ssh;
        this.uri = uri;
        this.sudo = sudo;
        this.shutdowns = new GracefulShutdown(host, LOG);
        this.link = new LibvirtLink(host, ssh, uri, sudo, trace);
        this.calls = new NativeCalls(link);
        this.steps = new NativeSteps(calls, kind == LibvirtKind.LXC);
        this.changes = new DomainChanges(host, ssh, sudo, steps);
        this.snapshots = new NativeSnapshots(calls, host);
    }

    @Override
    protected DomainChanges changes() {
        return changes;
    }

    // ---- reading ---------------------------------------------------------------------------

    /**
     * {@code -Dvirtdeck.libvirt.list=per-domain} keeps the old list (about five RPCs per domain),
     * for comparisons; anything else lists in bulk, falling back by itself where unsupported.
     */
    static final String LIST_PROPERTY = "virtdeck.libvirt.list";
    static final String BULK_API = "virConnectGetAllDomainStats(VIR_DOMAIN_STATS_STATE|VIR_DOMAIN_STATS_CPU_TOTAL"
            + "|VIR_DOMAIN_STATS_BALLOON|VIR_DOMAIN_STATS_VCPU|VIR_DOMAIN_STATS_INTERFACE|VIR_DOMAIN_STATS_BLOCK"
            + ", VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT)";
    static final String PER_DOMAIN_API = "virConnectListAllDomains(0)";

    /** Set once the host refused virConnectGetAllDomainStats (old libvirt, driver without it). */
    private volatile boolean bulkUnsupported;

    @Override
    public List<VmInfo> list() {
        boolean bulk = !bulkUnsupported && !"per-domain".equals(System.getProperty(LIST_PROPERTY));
        List<DomainRecord> recs = bulk
                ? read(null, Operation.LIST, BULK_API, c -> {
                    try {
                        return LibvirtExtras.listBulk(c);
                    } catch (LibvirtExtras.CallFailed e) {
                        if (!LibvirtExtras.bulkUnsupported(e)) throw e;
                        LOG.info("{}: virConnectGetAllDomainStats refused ({}); listing domain by domain",
                                host(), e.getMessage());
                        bulkUnsupported = true;
                        return LibvirtExtras.listAll(c);
                    }
                })
                : read(null, Operation.LIST, PER_DOMAIN_API, LibvirtExtras::listAll);
        List<VmInfo> out = new ArrayList<>(recs.size());
        for (DomainRecord r : recs) out.add(toVmInfo(containers() ? containerRecord(r) : r));
        return out;
    }

    /**
     * @return libvirt RPC messages this driver has sent to the host so far (keepalives excluded):
     *         each is one round trip on the link. For benchmarks and tests.
     */
    public long rpcMessagesSent() {
        return link.rpcMessages();
    }

    @Override
    public VmInfo details(String vm) {
        return toVmInfo(containers() ? containerRecord(record(vm)) : record(vm));
    }

    /**
     * libvirt's LXC driver reports a running container's memory in use (its cgroup's usage) where
     * QEMU reports the balloon: the limit, what set-memory changes, is the live XML's
     * {@code currentMemory} (one more RPC per running container); the usage goes to the usage columns.
     */
    private DomainRecord containerRecord(DomainRecord r) {
        if (!DomainStates.normalize(r.state(), r.managedSave()).isActive()) return r;
        String xml;
        try {
            xml = read(r.name(), Operation.LIST, api("virDomainGetXMLDesc", r.name(), 0), c -> dom(c, r.name()).getXMLDesc(0));
        } catch (VmNotFoundException gone) {
            return r;
        }
        long limit = DomainLimits.currentMemoryKiB(xml, r.maxMemoryKiB());
        return new DomainRecord(r.name(), r.uuid(), r.state(), r.reason(), limit, r.maxMemoryKiB(), r.vcpus(),
                r.maxVcpus(), r.persistent(), r.managedSave(), r.cpuTimeNs(),
                new VmInfo.Usage(r.memoryKiB(), null, null, null, null, null));
    }

    VmInfo toVmInfo(DomainRecord r) {
        return new VmInfo(host(), kind(), r.name(), r.uuid(), DomainStates.normalize(r.state(), r.managedSave()),
                DomainStates.nativeState(r.state(), r.reason()), r.vcpus(), r.maxVcpus(),
                r.memoryKiB() / 1024, r.maxMemoryKiB() / 1024, r.persistent(), r.cpuTimeNs(), null, r.usage());
    }

    private DomainRecord record(String vm) {
        return calls.record(vm);
    }

    private VmState state(String vm) {
        DomainRecord r = record(vm);
        return DomainStates.normalize(r.state(), r.managedSave());
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public OpResult start(String vm) {
        DomainRecord rec = record(vm);
        VmState s = DomainStates.normalize(rec.state(), rec.managedSave());
        String cmd = api("virDomainCreate", vm);
        if (s == VmState.RUNNING || s == VmState.SHUTTING_DOWN) return new OpResult("already running", null);
        if (s == VmState.PAUSED) {
            // libvirt starts QEMU paused and resumes it: another client's start is under way
            boolean starting = "starting up".equals(DomainStates.reason(rec.state(), rec.reason()));
            return new OpResult(starting ? "already running (starting up)" : "already running (paused; resume it)", null);
        }
        try {
            call(vm, Operation.START, cmd, c -> dom(c, vm).create());
        } catch (InvalidRequestException e) {
            return LostRace.settle(e, state(vm), VmState::isActive, "already running");
        }
        return new OpResult(s == VmState.SUSPENDED ? "started (restored from saved state)" : "started", cmd);
    }

    @Override
    public OpResult shutdown(String vm, ShutdownRequest request) {
        if (!state(vm).isActive()) return new OpResult("already shut off", null);
        // LXC: libvirt 9.0's default mode asks the container's initctl fifo and, where there is none,
        // sends nothing at all (measured); the signal mode is a SIGTERM to the container's init.
        String cmd = containers() ? api("virDomainShutdownFlags", vm, NativeCalls.raw("VIR_DOMAIN_SHUTDOWN_SIGNAL"))
                : api("virDomainShutdown", vm);
        try {
            call(vm, Operation.SHUTDOWN, cmd, c -> {
                if (containers()) LibvirtExtras.shutdownFlags(c, vm, LibvirtExtras.SHUTDOWN_SIGNAL);
                else dom(c, vm).shutdown();
                return null;
            });
        } catch (InvalidRequestException e) {
            return LostRace.settle(e, state(vm), st -> !st.isActive(), "already shut off");
        }
        return shutdowns.await(vm, request, cmd, () -> !isActive(vm), () -> destroyed(vm), () -> {
            String destroy = api("virDomainDestroy", vm);
            call(vm, Operation.SHUTDOWN, destroy, c -> { dom(c, vm).destroy(); return null; });
            return Forced.done(destroy);
        });
    }

    /** @return true when the VM is shut off because it was destroyed (powered off), not shut down */
    private boolean destroyed(String vm) {
        DomainRecord r = record(vm);
        return DomainStates.normalize(r.state(), r.managedSave()) == VmState.SHUTOFF
                && "destroyed".equals(DomainStates.reason(r.state(), r.reason()));
    }

    /** Polled while shutting down; a transient domain simply disappears when it stops. */
    private boolean isActive(String vm) {
        try {
            return read(vm, Operation.SHUTDOWN, api("virDomainIsActive", vm), c -> dom(c, vm).isActive()) == 1;
        } catch (VmNotFoundException gone) {
            return false;
        }
    }

    @Override
    public OpResult poweroff(String vm) {
        return change(vm, Operation.POWEROFF, api("virDomainDestroy", vm), c -> { dom(c, vm).destroy(); return null; },
                st -> !st.isActive(), "powered off", "already shut off");
    }

    @Override
    public OpResult reboot(String vm) {
        refuseForContainers(vm, Operation.REBOOT);
        String cmd = api("virDomainReboot", vm, 0);
        call(vm, Operation.REBOOT, cmd, c -> { dom(c, vm).reboot(0); return null; });
        return new OpResult("reboot requested", cmd);
    }

    @Override
    public OpResult reset(String vm) {
        refuseForContainers(vm, Operation.RESET);
        String cmd = api("virDomainReset", vm, 0);
        call(vm, Operation.RESET, cmd, c -> { dom(c, vm).reset(); return null; });
        return new OpResult("reset", cmd);
    }

    @Override
    public OpResult pause(String vm) {
        return change(vm, Operation.PAUSE, api("virDomainSuspend", vm), c -> { dom(c, vm).suspend(); return null; },
                st -> st == VmState.PAUSED, "paused", "already paused");
    }

    @Override
    public OpResult resume(String vm) {
        return change(vm, Operation.RESUME, api("virDomainResume", vm), c -> { dom(c, vm).resume(); return null; },
                st -> st == VmState.RUNNING, "resumed", "already running");
    }

    @Override
    public OpResult save(String vm) {
        refuseForContainers(vm, Operation.SAVE);
        VmState s = state(vm);
        if (s == VmState.SUSPENDED) return new OpResult("already saved", null);
        if (!s.isActive()) {
            throw new InvalidRequestException(host(), vm, null, "cannot save: the VM is not running (state " + s.label() + ")");
        }
        String cmd = api("virDomainManagedSave", vm, 0);
        call(vm, Operation.SAVE, cmd, c -> dom(c, vm).managedSave());
        return new OpResult("saved to disk (managed save; start restores it)", cmd);
    }

    // ---- resources -------------------------------------------------------------------------

    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        DomainRecord r = record(vm);
        VmState s = DomainStates.normalize(r.state(), r.managedSave());
        long kib = mib * 1024;
        if (max) {
            int flags = LibvirtExtras.MEM_MAXIMUM | AFFECT_CONFIG;
            String cmd = api("virDomainSetMemoryFlags", vm, kib, flagNames(flags, "VIR_DOMAIN_MEM_MAXIMUM"));
            call(vm, Operation.SET_MEMORY, cmd, c -> { LibvirtExtras.setMemoryFlags(c, vm, kib, flags); return null; });
            return new OpResult("maximum memory set to " + mib + " MiB (config, takes effect at next boot)", cmd);
        }
        Set<Scope> scopes = changes.scopes(vm, scope, s);
        if (scopes.contains(Scope.LIVE) && r.maxMemoryKiB() < kib) {
            throw beyondMemory(vm, mib, r.maxMemoryKiB() / 1024, "running VM's");
        }
        if (scopes.contains(Scope.CONFIG)) {
            long configMax = s.isActive() ? configMaxMemoryKiB(vm) : r.maxMemoryKiB();
            if (configMax < kib) throw beyondMemory(vm, mib, configMax / 1024, "configured");
        }
        int flags = flags(scopes);
        String cmd = api("virDomainSetMemoryFlags", vm, kib, flagNames(flags, null));
        call(vm, Operation.SET_MEMORY, cmd, c -> { LibvirtExtras.setMemoryFlags(c, vm, kib, flags); return null; });
        return new OpResult("memory set to " + mib + " MiB" + Scope.text(scopes), cmd);
    }

    private InvalidRequestException beyondMemory(String vm, long mib, long maxMiB, String whose) {
        return new InvalidRequestException(host(), vm, null, mib + " MiB is above the " + whose + " maximum of "
                + maxMiB + " MiB; raise the maximum first with set-memory --max (a config change that takes "
                + "effect at the next boot)");
    }

    private long configMaxMemoryKiB(String vm) {
        return DomainLimits.maxMemoryKiB(steps.xml(vm, true));
    }

    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        refuseForContainers(vm, Operation.SET_VCPUS);
        VmState s = state(vm);
        if (max) {
            int flags = LibvirtExtras.VCPU_MAXIMUM | AFFECT_CONFIG;
            String cmd = api("virDomainSetVcpusFlags", vm, count, flagNames(flags, "VIR_DOMAIN_VCPU_MAXIMUM"));
            call(vm, Operation.SET_VCPUS, cmd, c -> { dom(c, vm).setVcpusFlags(count, flags); return null; });
            return new OpResult("maximum vCPUs set to " + count + " (config, takes effect at next boot)", cmd);
        }
        Set<Scope> scopes = changes.scopes(vm, scope, s);
        for (Scope sc : scopes) {
            int which = LibvirtExtras.VCPU_MAXIMUM | (sc == Scope.LIVE ? AFFECT_LIVE : AFFECT_CONFIG);
            int limit = read(vm, Operation.SET_VCPUS, api("virDomainGetVcpusFlags", vm, flagNames(which, "VIR_DOMAIN_VCPU_MAXIMUM")),
                    c -> LibvirtExtras.getVcpusFlags(c, vm, which));
            if (count > limit) {
                throw new InvalidRequestException(host(), vm, null, count + " vCPUs is above the "
                        + (sc == Scope.LIVE ? "running VM's" : "configured") + " maximum of " + limit
                        + "; raise the maximum first with set-vcpus --max (a config change that takes effect at the next boot)");
            }
        }
        int flags = flags(scopes);
        String cmd = api("virDomainSetVcpusFlags", vm, count, flagNames(flags, null));
        call(vm, Operation.SET_VCPUS, cmd, c -> { dom(c, vm).setVcpusFlags(count, flags); return null; });
        return new OpResult("vCPUs set to " + count + Scope.text(scopes), cmd);
    }

    // ---- define / undefine -----------------------------------------------------------------

    // ---- console, host ---------------------------------------------------------------------

    @Override
    public ConsoleStream console(String vm, boolean force) {
        VmState s = state(vm);
        if (!s.isActive()) {
            throw new InvalidRequestException(host(), vm, null, "no console: the VM is not running (state " + s.label() + ")");
        }
        // libvirt's LXC console takes no flags (VIR_DOMAIN_CONSOLE_FORCE is refused), so no take-over
        return VirshConsole.open(ssh, sudo, uri, host(), vm, force && !containers());
    }

    @Override
    public HostInfo hostInfo() {
        HostFacts f = HostFacts.gather(ssh, host());
        String type = read(null, Operation.HOST_INFO, "virConnectGetType()", TunnelConnect::getType);
        long hv = read(null, Operation.HOST_INFO, "virConnectGetVersion()", TunnelConnect::getVersion);
        long lv = read(null, Operation.HOST_INFO, "virConnectGetLibVersion()", TunnelConnect::getLibVirVersion);
        NodeInfo node = read(null, Operation.HOST_INFO, "virNodeGetInfo()", TunnelConnect::nodeInfo);
        // a container has no vCPUs of its own: the LXC driver has no virConnectGetMaxVcpus
        Integer maxVcpus = containers() ? null : read(null, Operation.HOST_INFO,
                api("virConnectGetMaxVcpus", f.domainType()), c -> c.getMaxVcpus(f.domainType()));
        int active = read(null, Operation.HOST_INFO, "virConnectNumOfDomains()", TunnelConnect::numOfDomains);
        int inactive = read(null, Operation.HOST_INFO, "virConnectNumOfDefinedDomains()", TunnelConnect::numOfDefinedDomains);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("uri", uri);
        if (!containers()) {
            extra.put("domain type", f.domainType());
            extra.put("/dev/kvm writable", String.valueOf(f.devKvmWritable()));
        }
        extra.put("cpu model", node.model);
        extra.put("guests running", String.valueOf(active));
        extra.put("libvirt node memory", node.memory / 1024 + " MiB");
        extra.put("local libvirt", version(NativeLibrary.version()));
        extra.put("tunnel", link.command());
        // memory: the host's /proc/meminfo (see HostInfo.Reported)
        return HostInfo.of(host(), kind(), "native", f, new HostInfo.Reported(null, type, version(hv), version(lv),
                node.cpus, null, null, maxVcpus, active + inactive), extra);
    }

    // ---- snapshots ---------------------------------------------------------------------------

    @Override
    public Snapshotting snapshotting() {
        return snapshots;
    }


    @Override
    public OpResult createSnapshot(String vm, String name, String description) {
        refuseForContainers(vm, Operation.SNAPSHOT);
        return snapshots.create(vm, name, description);
    }



    /** Closes the libvirt connection and its tunnel; the SSH connection stays pooled. */
    @Override
    public void close() {
        link.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /**
     * A lifecycle action with nothing to do in the states {@code there}: looked at first, and again
     * when libvirt refuses it (another client may have got there in between, see {@link LostRace}).
     */
    private OpResult change(String vm, Operation op, String api, LibvirtLink.Body<?> body, Predicate<VmState> there,
                            String done, String already) {
        if (there.test(state(vm))) return new OpResult(already, null);
        try {
            call(vm, op, api, body);
        } catch (InvalidRequestException e) {
            return LostRace.settle(e, state(vm), there, already);
        }
        return new OpResult(done, api);
    }

    private <T> T call(String vm, Operation op, String api, LibvirtLink.Body<T> body) {
        return calls.call(vm, op, api, body);
    }

    private <T> T read(String vm, Operation op, String api, LibvirtLink.Body<T> body) {
        return calls.read(vm, op, api, body);
    }

    /** libvirt's version numbers: major * 1,000,000 + minor * 1,000 + micro → "9.0.0". */
    static String version(long v) {
        if (v <= 0) return null;
        return (v / 1_000_000) + "." + (v / 1_000 % 1_000) + "." + (v % 1_000);
    }

    // ---- show ------------------------------------------------------------------------------

    private static final int LEASE = Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE;
    private static final int AGENT = Domain.InterfaceAddressesSource.VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT;

    /**
     * The record (as {@link #details}), the live XML, autostart, one block info per disk with
     * media and, for a running VM with NICs, the addresses: the leases of libvirt networks, then the
     * guest agent where the VM has a connected one and a NIC still lacks an address. Each RPC
     * costs well under a millisecond over the tunnel.
     */
    @Override
    public VmDetails describe(String vm) {
        VmInfo v = details(vm);
        DomainDevices d = DomainDevices.parse(rawConfig(vm));
        boolean autostart = read(vm, Operation.SHOW, api("virDomainGetAutostart", vm), c -> dom(c, vm).getAutostart());
        List<String> notes = new ArrayList<>();
        Map<String, DomainDevices.Size> sizes = new LinkedHashMap<>();
        for (VmDetails.Disk disk : d.disks()) {
            if (disk.source() == null || disk.target() == null) continue;
            try {
                DomainBlockInfo b = read(vm, Operation.SHOW, api("virDomainGetBlockInfo", vm, disk.target(), 0),
                        c -> dom(c, vm).blockInfo(disk.target()));
                sizes.put(disk.target(), new DomainDevices.Size(b.getCapacity(), b.getAllocation()));
            } catch (VirtdeckException e) {
                if (e instanceof VmNotFoundException) throw e;
                notes.add("size of " + disk.target() + ": " + e.detail());
            }
        }
        d = d.withSizes(sizes);
        List<Map<String, List<VmDetails.Address>>> found = new ArrayList<>();
        if (!d.nics().isEmpty() && v.state().isActive()) {
            if (d.hasNetworkInterface()) found.add(addresses(vm, LEASE, VmDetails.AddressOrigin.LEASE, notes));
            if (d.agent() && d.agentUp() && d.missingAddresses(found)) {
                found.add(addresses(vm, AGENT, VmDetails.AddressOrigin.AGENT, notes));
            } else if (!d.hasNetworkInterface() && !d.agent()) {
                notes.add("addresses: unknown (no NIC on a libvirt network and no guest agent)");
            }
        }
        return d.details(v, autostart, found, notes);
    }

    /** virDomainInterfaceAddresses from one source: MAC → addresses; a failure becomes a note. */
    private Map<String, List<VmDetails.Address>> addresses(String vm, int source, VmDetails.AddressOrigin origin,
                                                           List<String> notes) {
        String name = source == LEASE ? "VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE" : "VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT";
        Collection<DomainInterface> ifaces;
        try {
            ifaces = read(vm, Operation.SHOW, api("virDomainInterfaceAddresses", vm, NativeCalls.raw(name), 0),
                    c -> dom(c, vm).interfaceAddresses(source, 0));
        } catch (VirtdeckException e) {
            if (e instanceof VmNotFoundException) throw e;
            notes.add("addresses from " + origin.label() + ": " + e.detail());
            return Map.of();
        }
        Map<String, List<VmDetails.Address>> out = new LinkedHashMap<>();
        for (DomainInterface i : ifaces) {
            if (i.hwAddr == null) continue;
            List<VmDetails.Address> list = out.computeIfAbsent(i.hwAddr.toLowerCase(java.util.Locale.ROOT),
                    k -> new ArrayList<>());
            if (i.addrs == null) continue;
            for (DomainInterface.InterfaceAddress a : i.addrs) {
                if (a.address == null) continue;
                list.add(new VmDetails.Address(a.address.getHostAddress(), (int) a.prefixLength,
                        a.address instanceof Inet6Address ? "ipv6" : "ipv4", origin));
            }
        }
        return out;
    }

    /** The domain XML as libvirt gives it (the live definition of a running VM). */
    @Override
    public String rawConfig(String vm) {
        return read(vm, Operation.SHOW, api("virDomainGetXMLDesc", vm, 0), c -> dom(c, vm).getXMLDesc(0));
    }
}
