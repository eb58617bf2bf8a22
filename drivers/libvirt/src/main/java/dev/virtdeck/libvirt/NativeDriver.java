package dev.virtdeck.libvirt;

import dev.virtdeck.host.HostFacts;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.GracefulShutdown;
import dev.virtdeck.driver.GracefulShutdown.Forced;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.LostRace;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.Trace;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.libvirt.LibvirtExtras.DomainRecord;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.SshHost;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.NodeInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The libvirt driver over the native libvirt API (libvirt-java), tunnelled through the host's SSH
 * connection by {@link VirtSshHelperBridge}. One RPC costs well under a millisecond, against a
 * few hundred for each {@code virsh} run over SSH.
 *
 * <p>Every API call is reported to the {@link Trace} and named in results and errors in C API
 * form, e.g. {@code virDomainCreate("vd-deaf")}. The console is the exception: it runs
 * {@code virsh console} on a remote PTY ({@link VirshConsole}).
 */
public final class NativeDriver implements HypervisorDriver {
    private static final Logger LOG = LoggerFactory.getLogger(NativeDriver.class);

    private static final int AFFECT_LIVE = 1;
    private static final int AFFECT_CONFIG = 2;
    private static final int VCPU_MAXIMUM = 4;
    private static final int XML_INACTIVE = 2;
    private static final int UNDEFINE_MANAGED_SAVE = 1;
    private static final int UNDEFINE_SNAPSHOTS_METADATA = 2;

    private final String host;
    private final SshHost ssh;
    private final String uri;
    private final boolean sudo;
    private final Trace trace;
    private final LibvirtLink link;
    private final LibvirtErrors errors;
    private final GracefulShutdown shutdowns;

    /**
     * Opens the tunnel and the libvirt connection.
     *
     * @param uri  libvirt URI on the host, e.g. {@code qemu:///system}
     * @param sudo run virt-ssh-helper (and disk/console commands) through {@code sudo -n}
     */
    public NativeDriver(String host, SshHost ssh, String uri, boolean sudo, Trace trace) {
        this.host = host;
        this.ssh = ssh;
        this.uri = uri;
        this.sudo = sudo;
        this.trace = trace;
        this.errors = new LibvirtErrors(host);
        // This driver writes the wait as "3.0 s" and fails an interrupted wait its own way (see sleep).
        this.shutdowns = new GracefulShutdown(host, LOG, d -> seconds(d.toNanos()), nanos -> sleep(nanos / 1_000_000));
        this.link = new LibvirtLink(host, ssh, uri, sudo, trace);
    }

    @Override
    public String kind() {
        return "libvirt";
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public Capabilities capabilities() {
        return LibvirtCapabilities.ALL;
    }

    // ---- reading ---------------------------------------------------------------------------

    @Override
    public List<VmInfo> list() {
        List<DomainRecord> recs = read(null, Operation.LIST, "virConnectListAllDomains(0)", LibvirtExtras::listAll);
        List<VmInfo> out = new ArrayList<>(recs.size());
        for (DomainRecord r : recs) out.add(toVmInfo(r));
        return out;
    }

    @Override
    public VmInfo details(String vm) {
        return toVmInfo(record(vm));
    }

    VmInfo toVmInfo(DomainRecord r) {
        return new VmInfo(host, kind(), r.name(), r.uuid(), DomainStates.normalize(r.state(), r.managedSave()),
                DomainStates.nativeState(r.state(), r.reason()), r.vcpus(), r.maxVcpus(),
                r.memoryKiB() / 1024, r.maxMemoryKiB() / 1024, r.persistent(), r.cpuTimeNs());
    }

    private DomainRecord record(String vm) {
        return read(vm, Operation.DETAILS, api("virDomainGetState", vm), c -> LibvirtExtras.lookup(c, vm));
    }

    private VmState state(String vm) {
        DomainRecord r = record(vm);
        return DomainStates.normalize(r.state(), r.managedSave());
    }

    /** The VM's handle on the connection a call runs on (one more RPC, well under a millisecond). */
    private static Domain dom(TunnelConnect c, String vm) throws LibvirtException {
        return c.domainLookupByName(vm);
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
        String cmd = api("virDomainShutdown", vm);
        try {
            call(vm, Operation.SHUTDOWN, cmd, c -> { dom(c, vm).shutdown(); return null; });
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
        if (!state(vm).isActive()) return new OpResult("already shut off", null);
        String cmd = api("virDomainDestroy", vm);
        try {
            call(vm, Operation.POWEROFF, cmd, c -> { dom(c, vm).destroy(); return null; });
        } catch (InvalidRequestException e) {
            return LostRace.settle(e, state(vm), st -> !st.isActive(), "already shut off");
        }
        return new OpResult("powered off", cmd);
    }

    @Override
    public OpResult reboot(String vm) {
        String cmd = api("virDomainReboot", vm, 0);
        call(vm, Operation.REBOOT, cmd, c -> { dom(c, vm).reboot(0); return null; });
        return new OpResult("reboot requested", cmd);
    }

    @Override
    public OpResult reset(String vm) {
        String cmd = api("virDomainReset", vm, 0);
        call(vm, Operation.RESET, cmd, c -> { dom(c, vm).reset(); return null; });
        return new OpResult("reset", cmd);
    }

    @Override
    public OpResult pause(String vm) {
        VmState s = state(vm);
        if (s == VmState.PAUSED) return new OpResult("already paused", null);
        String cmd = api("virDomainSuspend", vm);
        try {
            call(vm, Operation.PAUSE, cmd, c -> { dom(c, vm).suspend(); return null; });
        } catch (InvalidRequestException e) {
            return LostRace.settle(e, state(vm), st -> st == VmState.PAUSED, "already paused");
        }
        return new OpResult("paused", cmd);
    }

    @Override
    public OpResult resume(String vm) {
        VmState s = state(vm);
        if (s == VmState.RUNNING) return new OpResult("already running", null);
        String cmd = api("virDomainResume", vm);
        try {
            call(vm, Operation.RESUME, cmd, c -> { dom(c, vm).resume(); return null; });
        } catch (InvalidRequestException e) {
            return LostRace.settle(e, state(vm), st -> st == VmState.RUNNING, "already running");
        }
        return new OpResult("resumed", cmd);
    }

    @Override
    public OpResult save(String vm) {
        VmState s = state(vm);
        if (s == VmState.SUSPENDED) return new OpResult("already saved", null);
        if (!s.isActive()) {
            throw new InvalidRequestException(host, vm, null, "cannot save: the VM is not running (state " + s.label() + ")");
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
            String cmd = api("virDomainSetMemoryFlags", vm, kib, raw(flagNames(flags, "VIR_DOMAIN_MEM_MAXIMUM")));
            call(vm, Operation.SET_MEMORY, cmd, c -> { LibvirtExtras.setMemoryFlags(c, vm, kib, flags); return null; });
            return new OpResult("maximum memory set to " + mib + " MiB (config, takes effect at next boot)", cmd);
        }
        Set<Scope> scopes = resolve(vm, scope, s);
        if (scopes.contains(Scope.LIVE) && r.maxMemoryKiB() < kib) {
            throw beyondMemory(vm, mib, r.maxMemoryKiB() / 1024, "running VM's");
        }
        if (scopes.contains(Scope.CONFIG)) {
            long configMax = s.isActive() ? configMaxMemoryKiB(vm) : r.maxMemoryKiB();
            if (configMax < kib) throw beyondMemory(vm, mib, configMax / 1024, "configured");
        }
        int flags = flags(scopes);
        String cmd = api("virDomainSetMemoryFlags", vm, kib, raw(flagNames(flags, null)));
        call(vm, Operation.SET_MEMORY, cmd, c -> { LibvirtExtras.setMemoryFlags(c, vm, kib, flags); return null; });
        return new OpResult("memory set to " + mib + " MiB (" + label(scopes) + ")", cmd);
    }

    private InvalidRequestException beyondMemory(String vm, long mib, long maxMiB, String whose) {
        return new InvalidRequestException(host, vm, null, mib + " MiB is above the " + whose + " maximum of "
                + maxMiB + " MiB; raise the maximum first with set-memory --max (a config change that takes "
                + "effect at the next boot)");
    }

    private long configMaxMemoryKiB(String vm) {
        String xml = read(vm, Operation.SET_MEMORY, api("virDomainGetXMLDesc", vm, raw("VIR_DOMAIN_XML_INACTIVE")),
                c -> dom(c, vm).getXMLDesc(XML_INACTIVE));
        return DomainLimits.maxMemoryKiB(xml);
    }

    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        VmState s = state(vm);
        if (max) {
            int flags = VCPU_MAXIMUM | AFFECT_CONFIG;
            String cmd = api("virDomainSetVcpusFlags", vm, count, raw(flagNames(flags, "VIR_DOMAIN_VCPU_MAXIMUM")));
            call(vm, Operation.SET_VCPUS, cmd, c -> { dom(c, vm).setVcpusFlags(count, flags); return null; });
            return new OpResult("maximum vCPUs set to " + count + " (config, takes effect at next boot)", cmd);
        }
        Set<Scope> scopes = resolve(vm, scope, s);
        for (Scope sc : scopes) {
            int which = VCPU_MAXIMUM | (sc == Scope.LIVE ? AFFECT_LIVE : AFFECT_CONFIG);
            int limit = read(vm, Operation.SET_VCPUS, api("virDomainGetVcpusFlags", vm, raw(flagNames(which, "VIR_DOMAIN_VCPU_MAXIMUM"))),
                    c -> LibvirtExtras.getVcpusFlags(c, vm, which));
            if (count > limit) {
                throw new InvalidRequestException(host, vm, null, count + " vCPUs is above the "
                        + (sc == Scope.LIVE ? "running VM's" : "configured") + " maximum of " + limit
                        + "; raise the maximum first with set-vcpus --max (a config change that takes effect at the next boot)");
            }
        }
        int flags = flags(scopes);
        String cmd = api("virDomainSetVcpusFlags", vm, count, raw(flagNames(flags, null)));
        call(vm, Operation.SET_VCPUS, cmd, c -> { dom(c, vm).setVcpusFlags(count, flags); return null; });
        return new OpResult("vCPUs set to " + count + " (" + label(scopes) + ")", cmd);
    }

    @Override
    public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        VmState s = state(vm);
        Set<Scope> scopes = resolve(vm, scope, s);
        List<String> used = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (String xml : xmls(vm, s)) {
            used.addAll(DomainXml.diskTargets(xml));
            sources.addAll(DomainXml.diskSources(xml));
        }
        String target = DomainXml.nextFreeTarget(used);
        String dir = sources.isEmpty() ? DiskFiles.DEFAULT_DIR : parentDir(sources.get(0));
        String path = DiskFiles.newDiskPath(ssh, sudo, dir, vm, target);
        ExecResult made = DiskFiles.create(ssh, sudo, path, sizeMiB, host, vm);
        trace.call(host, made.command());
        int flags = flags(scopes);
        String xml = DomainXml.diskForAttach(path, target);
        String cmd = api("virDomainAttachDeviceFlags", vm, raw("<disk ... dev='" + target + "'/>"), raw(flagNames(flags, null)));
        try {
            call(vm, Operation.ATTACH_DISK, cmd, c -> { dom(c, vm).attachDeviceFlags(xml, flags); return null; });
        } catch (VirtdeckException e) {
            removeQuietly(path, vm);
            throw e;
        }
        return new OpResult("attached new " + sizeMiB + " MiB disk " + target + " (" + path + ", " + label(scopes) + ")",
                made.command() + " && " + cmd);
    }

    // ---- define / undefine -----------------------------------------------------------------

    @Override
    public OpResult create(CreateSpec spec, boolean start) {
        String vm = spec.name();
        try {
            DomainXml.checkName(vm); // before any call: a name libvirt cannot hold is not even looked up
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(host, vm, null, e.getMessage());
        }
        if (exists(vm)) throw new InvalidRequestException(host, vm, null, "a VM with this name already exists");
        String capsCall = "virConnectGetCapabilities()";
        String type;
        try {
            type = DomainXml.chooseDomainType(spec.virtType(), read(vm, Operation.CREATE, capsCall, TunnelConnect::getCapabilities));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(host, vm, capsCall, e.getMessage(), e);
        }
        List<String> commands = new ArrayList<>();
        String disk = null;
        if (spec.diskMiB() != null) {
            disk = DiskFiles.newDiskPath(ssh, sudo, DiskFiles.DEFAULT_DIR, vm, "vda");
            ExecResult made = DiskFiles.create(ssh, sudo, disk, spec.diskMiB(), host, vm);
            trace.call(host, made.command());
            commands.add(made.command());
        }
        String xml;
        try {
            xml = DomainXml.forCreate(spec, disk, type);
        } catch (IllegalArgumentException e) {
            if (disk != null) removeQuietly(disk, vm);
            throw new InvalidRequestException(host, vm, null, e.getMessage(), e);
        }
        String define = api("virDomainDefineXML", raw("<domain type='" + type + "'>...</domain>"));
        try {
            call(vm, Operation.CREATE, define, c -> c.domainDefineXML(xml));
        } catch (VirtdeckException e) {
            if (disk != null) removeQuietly(disk, vm);
            throw e;
        }
        commands.add(define);
        if (!start) return new OpResult("defined (" + type + ")", String.join(" && ", commands));
        String create = api("virDomainCreate", vm);
        try {
            call(vm, Operation.CREATE, create, c -> dom(c, vm).create());
        } catch (VirtdeckException e) {
            rollBack(vm, disk);
            throw e;
        }
        commands.add(create);
        return new OpResult("defined and started (" + type + ")", String.join(" && ", commands));
    }

    private void rollBack(String vm, String disk) {
        String undefine = api("virDomainUndefineFlags", vm, raw("VIR_DOMAIN_UNDEFINE_MANAGED_SAVE|VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA|VIR_DOMAIN_UNDEFINE_NVRAM"));
        try {
            call(vm, Operation.CREATE, undefine, c -> {
                Domain d = dom(c, vm);
                if (d.isActive() == 1) d.destroy();
                d.undefine(UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA | LibvirtExtras.UNDEFINE_NVRAM);
                return null;
            });
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: rollback could not undefine the new VM: {}", host, vm, e.getMessage());
        }
        if (disk != null) removeQuietly(disk, vm);
    }

    private boolean exists(String vm) {
        try {
            read(vm, Operation.DETAILS, api("virDomainLookupByName", vm), c -> dom(c, vm));
            return true;
        } catch (VmNotFoundException e) {
            return false;
        }
    }

    @Override
    public OpResult delete(String vm, boolean withDisks, boolean force) {
        DomainRecord r = record(vm);
        VmState s = DomainStates.normalize(r.state(), r.managedSave());
        List<String> commands = new ArrayList<>();
        List<String> disks = withDisks ? new ArrayList<>(new LinkedHashSet<>(sourcesOf(vm, s))) : List.of();
        if (s.isActive()) {
            if (!force) {
                throw new InvalidRequestException(host, vm, null,
                        "the VM is " + s.label() + "; stop it first or delete with --force");
            }
            String destroy = api("virDomainDestroy", vm);
            call(vm, Operation.DELETE, destroy, c -> { dom(c, vm).destroy(); return null; });
            commands.add(destroy);
        }
        if (r.persistent()) {
            int flags = UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA | LibvirtExtras.UNDEFINE_NVRAM;
            String undefine = api("virDomainUndefineFlags", vm,
                    raw("VIR_DOMAIN_UNDEFINE_MANAGED_SAVE|VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA|VIR_DOMAIN_UNDEFINE_NVRAM"));
            call(vm, Operation.DELETE, undefine, c -> { dom(c, vm).undefine(flags); return null; });
            commands.add(undefine);
        }
        for (String path : disks) {
            trace.call(host, dev.virtdeck.ssh.RemoteCommand.of("rm", "-f", "--", path).withSudo(sudo).shellLine());
            DiskFiles.remove(ssh, sudo, path, host, vm);
            commands.add(dev.virtdeck.ssh.RemoteCommand.of("rm", "-f", "--", path).withSudo(sudo).shellLine());
        }
        String what = disks.isEmpty() ? "deleted" : "deleted with " + disks.size() + " disk file(s)";
        return new OpResult(what, String.join(" && ", commands));
    }

    private List<String> sourcesOf(String vm, VmState s) {
        List<String> out = new ArrayList<>();
        for (String xml : xmls(vm, s)) out.addAll(DomainXml.diskSources(xml));
        return out;
    }

    /** @return the live XML (when active) and the persistent XML: disks may differ between them */
    private List<String> xmls(String vm, VmState s) {
        List<String> out = new ArrayList<>();
        if (s.isActive()) out.add(read(vm, Operation.DETAILS, api("virDomainGetXMLDesc", vm, 0), c -> dom(c, vm).getXMLDesc(0)));
        try {
            out.add(read(vm, Operation.DETAILS, api("virDomainGetXMLDesc", vm, raw("VIR_DOMAIN_XML_INACTIVE")),
                    c -> dom(c, vm).getXMLDesc(XML_INACTIVE)));
        } catch (VirtdeckException e) {
            if (out.isEmpty()) throw e; // a transient domain has no inactive XML; the live one is enough
        }
        return out;
    }

    // ---- console, host ---------------------------------------------------------------------

    @Override
    public ConsoleStream console(String vm, boolean force) {
        VmState s = state(vm);
        if (!s.isActive()) {
            throw new InvalidRequestException(host, vm, null, "no console: the VM is not running (state " + s.label() + ")");
        }
        trace.call(host, VirshConsole.command(uri, vm, force).withSudo(sudo).shellLine());
        return VirshConsole.open(ssh, sudo, uri, host, vm, force);
    }

    @Override
    public HostInfo hostInfo() {
        HostFacts f = facts();
        String type = read(null, Operation.HOST_INFO, "virConnectGetType()", TunnelConnect::getType);
        long hv = read(null, Operation.HOST_INFO, "virConnectGetVersion()", TunnelConnect::getVersion);
        long lv = read(null, Operation.HOST_INFO, "virConnectGetLibVersion()", TunnelConnect::getLibVirVersion);
        NodeInfo node = read(null, Operation.HOST_INFO, "virNodeGetInfo()", TunnelConnect::nodeInfo);
        int maxVcpus = read(null, Operation.HOST_INFO, api("virConnectGetMaxVcpus", f.domainType()),
                c -> c.getMaxVcpus(f.domainType()));
        int active = read(null, Operation.HOST_INFO, "virConnectNumOfDomains()", TunnelConnect::numOfDomains);
        int inactive = read(null, Operation.HOST_INFO, "virConnectNumOfDefinedDomains()", TunnelConnect::numOfDefinedDomains);
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("uri", uri);
        extra.put("domain type", f.domainType());
        extra.put("/dev/kvm writable", String.valueOf(f.devKvmWritable()));
        extra.put("cpu model", node.model);
        extra.put("guests running", String.valueOf(active));
        extra.put("libvirt node memory", node.memory / 1024 + " MiB");
        extra.put("local libvirt", version(NativeLibrary.version()));
        extra.put("tunnel", link.command());
        return new HostInfo(host, kind(), "native", f.hostname(), f.vmx(), f.svm(), f.devKvm(), f.kvmModules(),
                f.toolstacks(), type, version(hv), version(lv), node.cpus,
                // Total and free both from /proc/meminfo: libvirt's node memory can be a NUMA
                // node's or a cgroup's figure, and free > total would be nonsense on screen.
                f.memoryTotalMiB(), f.memoryAvailableMiB(), maxVcpus, active + inactive, extra);
    }

    private HostFacts facts() {
        trace.call(host, HostFacts.command().shellLine());
        return HostFacts.gather(ssh, host);
    }

    /** Closes the libvirt connection and its tunnel; the SSH connection stays pooled. */
    @Override
    public void close() {
        link.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    /** A call that changes something: never re-sent when the connection dies under it. */
    private <T> T call(String vm, Operation op, String api, LibvirtLink.Body<T> body) {
        return run(vm, op, api, false, body);
    }

    /** A call that only reads: retried once on a reopened connection if the old one died. */
    private <T> T read(String vm, Operation op, String api, LibvirtLink.Body<T> body) {
        return run(vm, op, api, true, body);
    }

    private <T> T run(String vm, Operation op, String api, boolean retryable, LibvirtLink.Body<T> body) {
        trace.call(host, api);
        try {
            return link.call(vm, api, retryable, body);
        } catch (LibvirtException e) {
            throw errors.map(vm, op, api, e.getError(), e);
        } catch (LibvirtExtras.CallFailed e) {
            throw errors.map(vm, op, api, e.error(), e);
        } catch (IllegalStateException e) {
            throw CommandFailedException.ofCall(host, vm, api, String.valueOf(e.getMessage()), e);
        }
    }

    private Set<Scope> resolve(String vm, Set<Scope> requested, VmState s) {
        Set<Scope> scopes = Scope.resolve(requested, s);
        if (scopes.contains(Scope.LIVE) && !s.isActive()) {
            throw new InvalidRequestException(host, vm, null,
                    "cannot change the live VM: it is " + s.label() + " (use --config)");
        }
        return scopes;
    }

    private static int flags(Set<Scope> scopes) {
        return (scopes.contains(Scope.LIVE) ? AFFECT_LIVE : 0) | (scopes.contains(Scope.CONFIG) ? AFFECT_CONFIG : 0);
    }

    private static String flagNames(int flags, String extra) {
        List<String> n = new ArrayList<>();
        if (extra != null) n.add(extra);
        if ((flags & AFFECT_LIVE) != 0) n.add("VIR_DOMAIN_AFFECT_LIVE");
        if ((flags & AFFECT_CONFIG) != 0) n.add("VIR_DOMAIN_AFFECT_CONFIG");
        return n.isEmpty() ? "VIR_DOMAIN_AFFECT_CURRENT" : String.join("|", n);
    }

    private static String label(Set<Scope> scopes) {
        List<String> l = new ArrayList<>();
        if (scopes.contains(Scope.LIVE)) l.add("live");
        if (scopes.contains(Scope.CONFIG)) l.add("config");
        return String.join(", ", l);
    }

    private void removeQuietly(String path, String vm) {
        try {
            DiskFiles.remove(ssh, sudo, path, host, vm);
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: could not remove {} after a failure: {}", host, vm, path, e.getMessage());
        }
    }

    private static String parentDir(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** An argument printed as is (flag names, elided XML), not as a quoted string. */
    record Raw(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    static Raw raw(String text) {
        return new Raw(text);
    }

    /**
     * @return a C-style call for traces and results: strings double-quoted with C escapes, the rest as is,
     *         e.g. {@code virDomainCreate("vd-deaf")}
     */
    static String api(String function, Object... args) {
        StringBuilder sb = new StringBuilder(function).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(", ");
            Object a = args[i];
            if (a instanceof String s) {
                sb.append('"');
                for (char c : s.toCharArray()) {
                    switch (c) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        default -> sb.append(c);
                    }
                }
                sb.append('"');
            } else {
                sb.append(a);
            }
        }
        return sb.append(')').toString();
    }

    /** libvirt's version numbers: major * 1,000,000 + minor * 1,000 + micro → "9.0.0". */
    static String version(long v) {
        if (v <= 0) return null;
        return (v / 1_000_000) + "." + (v / 1_000 % 1_000) + "." + (v % 1_000);
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationTimeoutException(null, null, null, "interrupted while waiting", e);
        }
    }
}
