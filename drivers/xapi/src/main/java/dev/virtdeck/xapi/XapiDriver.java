package dev.virtdeck.xapi;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.xensource.xenapi.Host;
import com.xensource.xenapi.HostMetrics;
import com.xensource.xenapi.Pool;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import com.xensource.xenapi.VMMetrics;
import com.xensource.xenapi.VMGuestMetrics;
import com.xensource.xenapi.VBD;
import com.xensource.xenapi.VDI;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.Network;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.GracefulShutdown;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.LostRace;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.PoolMember;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.host.HostFacts;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import static dev.virtdeck.xapi.XapiVms.MIB;

/**
 * The XenServer / XCP-ng driver: the XenServer Java SDK, its XML-RPC carried over the held SSH
 * connection to the host's local XAPI socket {@value XapiSession#SOCKET} (a
 * {@code direct-streamlocal@openssh.com} channel per call; no port, no password: XAPI grants the
 * local superuser on that socket, so the SSH login must be root).
 *
 * <p><b>Pool</b>: every member's XAPI answers for the whole pool (a member forwards each call to the
 * master), so this driver lists every guest of the pool, each once, with the member it is resident
 * on ({@link VmInfo#residentOn()}), and its operations reach the master whichever member the
 * inventory names. {@link #pool()} names the pool and this member, for a fleet that reaches several members.
 *
 * <p><b>Names</b> are XAPI's free-text name_label: a VM is looked up by
 * {@code VM.get_by_name_label} (or by its uuid) and never put into a command line; two guests with
 * one name are refused by name and reached by uuid. The console runs {@code xl console DOMID} with
 * the numeric domid.
 *
 * <p><b>Cost</b>: {@link #list()} (a refresh) is ONE call, {@code event.from} for the classes VM, VM_metrics
 * and host with the empty token, which returns every record of those classes ({@link XapiPoolReader}). Where
 * XAPI refuses event.from (older than XenServer 6.0, or a session without the role) it is, after one logged
 * warning, {@code VM.get_all_records} and {@code host.get_all_records}, plus {@code VM_metrics.get_all_records}
 * while a guest runs; an action is {@code VM.get_by_name_label}, one {@code VM.get_record} per match, then the action.
 *
 * <p>Size (~690 lines): one method per SPI operation, each with the XAPI rule it follows (power
 * state, scope, lost races); the wire, the session, error mapping, record mapping and provisioning
 * (create, add disk, delete: {@link XapiProvisioning}) are in their own classes. What stays shares
 * the VM lookup and the settling of a lost race ({@link LostRace}) across the lifecycle and
 * resource operations; splitting those apart would only move that shared core between classes.
 */
public final class XapiDriver implements HypervisorDriver {
    public static final String KIND = "xapi";
    /** How this driver talks to the hypervisor, as host info shows it. */
    public static final String TRANSPORT = "xapi (XML-RPC over SSH streamlocal)";
    /** Cloned when a spec names no template: every XenServer and XCP-ng has it (HVM, boots install media). */
    static final String DEFAULT_TEMPLATE = "Other install media";
    /** Deadline of calls that boot, stop, save or copy a VM. */
    static final Duration LONG = Duration.ofMinutes(10);
    /** How long a shutdown request without wait listens for an immediate refusal. */
    static final Duration REFUSAL_WAIT = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(XapiDriver.class);

    /** One VM of the pool: its ref and the record read just now. */
    record Vm(VM ref, VM.Record rec) {
        String uuid() {
            return rec.uuid;
        }

        VmState state() {
            return XapiVms.state(rec.powerState);
        }
    }

    private final String hostName;
    private final XapiSession xapi;
    private final boolean sudo;
    private final ExecutorService background;
    private final XapiProvisioning provisioning;
    private final XapiSnapshots snapshots;
    private final XapiCopies copies;
    private final XapiPoolReader reader;
    private volatile PoolMember poolMember;

    /**
     * @param hostName inventory name of the host
     * @param ssh      the host's pooled SSH connection (not closed by this driver)
     * @param sudo     run the console client through {@code sudo -n}
     */
    public XapiDriver(String hostName, SshHost ssh, boolean sudo) {
        this(hostName, ssh, XapiSession.SOCKET, sudo);
    }

    XapiDriver(String hostName, SshHost ssh, String socket, boolean sudo) {
        this.hostName = hostName;
        this.xapi = new XapiSession(hostName, ssh, socket);
        this.reader = new XapiPoolReader(xapi, hostName);
        this.sudo = sudo;
        this.copies = new XapiCopies(this, xapi, hostName);
        this.provisioning = new XapiProvisioning(this, xapi, hostName, copies);
        this.snapshots = new XapiSnapshots(this, xapi, provisioning, hostName);
        this.background = Executors.newCachedThreadPool(new ThreadFactoryBuilder().setDaemon(true)
                .setNameFormat("xapi-call-" + hostName + "-%d").build());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String host() {
        return hostName;
    }

    @Override
    public Capabilities capabilities() {
        return XapiCapabilities.CAPABILITIES;
    }

    // ---- reading -------------------------------------------------------------------------------

    /**
     * The pool's guests (templates, snapshots and control domains left out) with the member each runs on and,
     * while it runs, its usage from its {@code VM_metrics}: all read in one {@code event.from} call
     * ({@link XapiPoolReader}; up to three bulk calls where XAPI refuses event.from).
     */
    @Override
    public List<VmInfo> list() {
        XapiPoolReader.Pool pool = reader.read();
        List<VmInfo> out = new ArrayList<>();
        for (VM.Record r : pool.vms().values()) {
            if (!XapiVms.isGuest(r)) continue;
            VmInfo info = XapiVms.toVmInfo(hostName, KIND, r, pool.hostNames());
            VmInfo.Usage u = info.state().isActive() && r.metrics != null
                    ? XapiVms.usage(pool.metrics().get(r.metrics.toWireString())) : null;
            out.add(u == null ? info : info.withUsage(u));
        }
        out.sort(java.util.Comparator.comparing(VmInfo::name, java.util.Comparator.nullsFirst(String::compareTo)));
        return out;
    }

    /** @return true once this host's XAPI refused event.from, so a refresh takes the bulk calls */
    boolean refreshesWithBulkCalls() {
        return reader.usesBulkCalls();
    }

    /** The VM's record; for a running VM also its metrics, whose VCPUs_number is the live vCPU count. */
    @Override
    public VmInfo details(String vm) {
        Vm v = resolve(vm);
        Map<String, String> names = XapiVms.isNull(v.rec.residentOn) ? Map.of() : hostNames();
        VmInfo info = XapiVms.toVmInfo(hostName, KIND, v.rec, names);
        if (!v.state().isActive() || XapiVms.isNull(v.rec.metrics)) return info;
        try {
            VMMetrics.Record m = xapi.call(vm, "VM_metrics.get_record", c -> v.rec.metrics.getRecord(c));
            return XapiVms.withLiveVcpus(info, m.VCPUsNumber);
        } catch (VirtdeckException e) {
            LOG.debug("{}: {}: no VM metrics: {}", hostName, vm, e.getMessage());
            return info;
        }
    }

    /** @return member refs (wire form) to their names */
    private Map<String, String> hostNames() {
        Map<Host, Host.Record> hosts = xapi.call(null, "host.get_all_records", Host::getAllRecords);
        Map<String, String> names = new HashMap<>();
        hosts.forEach((ref, r) -> names.put(ref.toWireString(), memberName(r)));
        return names;
    }

    static String memberName(Host.Record r) {
        if (r.nameLabel != null && !r.nameLabel.isBlank()) return r.nameLabel;
        return r.hostname != null ? r.hostname : r.uuid;
    }

    /**
     * Finds a guest by name (or uuid). Templates, snapshots and control domains are not guests.
     *
     * @throws VmNotFoundException     no such guest in the pool
     * @throws InvalidRequestException several guests have that name
     */
    Vm resolve(String vm) {
        Set<VM> refs = xapi.call(vm, "VM.get_by_name_label", c -> VM.getByNameLabel(c, vm));
        List<Vm> found = new ArrayList<>();
        for (VM ref : refs) {
            try {
                VM.Record rec = xapi.call(vm, "VM.get_record", c -> ref.getRecord(c));
                if (XapiVms.isGuest(rec)) found.add(new Vm(ref, rec));
            } catch (VmNotFoundException gone) {
                // deleted between the two calls
            }
        }
        if (found.isEmpty() && XapiVms.looksLikeUuid(vm)) {
            Map<VM, VM.Record> all = xapi.call(vm, "VM.get_all_records", VM::getAllRecords);
            all.forEach((ref, rec) -> {
                if (vm.equalsIgnoreCase(rec.uuid) && XapiVms.isGuest(rec)) found.add(new Vm(ref, rec));
            });
        }
        if (found.isEmpty()) {
            throw new VmNotFoundException(hostName, vm, "VM.get_by_name_label", "no such VM in the pool");
        }
        if (found.size() > 1) {
            List<String> uuids = found.stream().map(Vm::uuid).toList();
            throw new InvalidRequestException(hostName, vm, null, found.size() + " VMs of the pool are named '" + vm
                    + "'; name one by its uuid: " + String.join(", ", uuids));
        }
        return found.get(0);
    }

    /** @return the VM's record read again */
    private Vm reread(String vm, Vm v) {
        return new Vm(v.ref, xapi.call(vm, "VM.get_record", c -> v.ref.getRecord(c)));
    }

    private VmState stateNow(String vm, Vm v) {
        return reread(vm, v).state();
    }

    static String call(String method, Vm v) {
        return method + "(" + v.uuid() + ")";
    }

    // ---- lifecycle -----------------------------------------------------------------------------

    /** {@code VM.start}; a suspended VM is resumed ({@code VM.resume}), which {@link #save} suspended. */
    @Override
    public OpResult start(String vm) {
        Vm v = resolve(vm);
        switch (v.state()) {
            case RUNNING:
                return new OpResult("already running", null);
            case PAUSED:
                throw new InvalidRequestException(hostName, vm, null, "the VM is paused; resume unpauses it");
            case SUSPENDED:
                return act(vm, v, "VM.resume", LONG, c -> v.ref.resume(c, false, false),
                        "resumed from its suspended state", VmState.RUNNING::equals, "already running");
            default:
                return act(vm, v, "VM.start", LONG, c -> v.ref.start(c, false, false),
                        "started" + where(v), VmState.RUNNING::equals, "already running");
        }
    }

    /** " (on member X)" once the VM runs somewhere, for results; empty when unknown. */
    String where(Vm v) {
        try {
            Vm now = reread(v.rec.nameLabel, v);
            String member = XapiVms.residentOn(now.rec.residentOn, hostNames());
            return member == null ? "" : " on " + member;
        } catch (VirtdeckException e) {
            return "";
        }
    }

    /**
     * {@code VM.clean_shutdown} waited for up to the request's timeout (the call returns when the VM
     * is halted), then {@code VM.hard_shutdown} when forced. XAPI's own clean-shutdown timeout may end
     * the call first ({@code VM_SHUTDOWN_TIMEOUT}): the wait goes on to the request's deadline, the
     * guest may still go down. Without wait, the request is left running in XAPI.
     */
    @Override
    public OpResult shutdown(String vm, ShutdownRequest request) {
        Vm v = resolve(vm);
        VmState s = v.state();
        if (s == VmState.SHUTOFF) return new OpResult("already shut off", null);
        // as the other drivers answer for a saved VM: it is not running, so there is nothing to shut down
        if (s == VmState.SUSPENDED) return new OpResult("already off (suspended; start resumes it)", null);
        String clean = call("VM.clean_shutdown", v);
        Duration timeout = request.timeout() == null ? ShutdownRequest.DEFAULT_TIMEOUT : request.timeout();
        Duration callTimeout = request.waitForShutoff() ? timeout.plusSeconds(5) : LONG;
        CompletableFuture<Void> req = CompletableFuture.runAsync(() -> xapi.call(vm, clean, callTimeout, c -> {
            v.ref.cleanShutdown(c);
            return null;
        }), background);
        if (!request.waitForShutoff()) return requested(vm, v, clean, req);
        GracefulShutdown.OffProbe off = () -> {
            if (!req.isDone()) return false;
            try {
                req.join();
                return true;
            } catch (java.util.concurrent.CompletionException e) {
                RuntimeException cause = unwrap(e);
                String code = XapiErrors.code(cause);
                if (cause instanceof OperationTimeoutException || code.equals("OTHER_OPERATION_IN_PROGRESS")) {
                    return !stateNow(vm, v).isActive(); // XAPI gave up, or another request runs: watch the state
                }
                if (code.equals("VM_BAD_POWER_STATE") && cause instanceof InvalidRequestException refused) {
                    VmState now = stateNow(vm, v);
                    if (now == VmState.SHUTOFF) return true;
                    LostRace.settle(refused, now, VmState.SHUTOFF::equals, "already shut off");
                }
                throw cause;
            }
        };
        GracefulShutdown.PowerOff powerOff = () -> {
            String hard = call("VM.hard_shutdown", v);
            try {
                xapi.call(vm, hard, LONG, c -> {
                    v.ref.hardShutdown(c);
                    return null;
                });
                return GracefulShutdown.Forced.done(hard);
            } catch (VirtdeckException e) {
                return GracefulShutdown.Forced.failed(hard, () -> e);
            }
        };
        return new GracefulShutdown(hostName, LOG).await(vm, request, clean, off, powerOff);
    }

    /** The request without wait: an immediate refusal is reported, else XAPI goes on with it. */
    private OpResult requested(String vm, Vm v, String clean, CompletableFuture<Void> req) {
        try {
            req.get(REFUSAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return new OpResult("shutdown requested (and done: the VM is halted)", clean);
        } catch (TimeoutException pending) {
            return new OpResult("shutdown requested (XAPI shuts the VM down cleanly)", clean);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new OpResult("shutdown requested", clean);
        } catch (ExecutionException e) {
            RuntimeException cause = unwrap(e);
            if (cause instanceof OperationTimeoutException t && XapiErrors.code(t).equals("VM_SHUTDOWN_TIMEOUT")) {
                return new OpResult("shutdown requested, but the guest did not go down within XAPI's own timeout",
                        clean);
            }
            if (cause instanceof InvalidRequestException refused && XapiErrors.code(refused).equals("VM_BAD_POWER_STATE")) {
                return LostRace.settle(refused, stateNow(vm, v), VmState.SHUTOFF::equals, "already shut off");
            }
            throw cause;
        }
    }

    private static RuntimeException unwrap(Throwable e) {
        Throwable c = e;
        while ((c instanceof ExecutionException || c instanceof java.util.concurrent.CompletionException)
                && c.getCause() != null) {
            c = c.getCause();
        }
        return c instanceof RuntimeException r ? r : new IllegalStateException(c);
    }

    /** {@code VM.hard_shutdown}; a suspended VM's saved state is discarded. */
    @Override
    public OpResult poweroff(String vm) {
        Vm v = resolve(vm);
        if (v.state() == VmState.SHUTOFF) return new OpResult("already shut off", null);
        String msg = v.state() == VmState.SUSPENDED ? "powered off (its suspended state discarded)" : "powered off";
        return act(vm, v, "VM.hard_shutdown", LONG, c -> v.ref.hardShutdown(c), msg, VmState.SHUTOFF::equals,
                "already shut off");
    }

    /** {@code VM.clean_reboot}: the guest reboots itself (needs its PV drivers); returns once it has. */
    @Override
    public OpResult reboot(String vm) {
        Vm v = resolve(vm);
        requireState(vm, v, VmState.RUNNING, "reboot");
        return act(vm, v, "VM.clean_reboot", LONG, c -> v.ref.cleanReboot(c), "rebooted (clean reboot by the guest)",
                s -> false, null);
    }

    /** {@code VM.hard_reboot}: reset at once, without asking the guest. */
    @Override
    public OpResult reset(String vm) {
        Vm v = resolve(vm);
        if (!v.state().isActive()) throw notRunning(vm, v, "reset");
        return act(vm, v, "VM.hard_reboot", LONG, c -> v.ref.hardReboot(c), "reset (hard reboot)", s -> false, null);
    }

    @Override
    public OpResult pause(String vm) {
        Vm v = resolve(vm);
        if (v.state() == VmState.PAUSED) return new OpResult("already paused", null);
        requireState(vm, v, VmState.RUNNING, "pause");
        return act(vm, v, "VM.pause", xapi.defaultTimeout(), c -> v.ref.pause(c), "paused", VmState.PAUSED::equals,
                "already paused");
    }

    /** Unpauses ({@code VM.unpause}); a suspended VM is resumed by {@link #start}. */
    @Override
    public OpResult resume(String vm) {
        Vm v = resolve(vm);
        if (v.state() == VmState.RUNNING) return new OpResult("already running", null);
        if (v.state() == VmState.SUSPENDED) {
            throw new InvalidRequestException(hostName, vm, null, "the VM is suspended, not paused; start resumes it");
        }
        requireState(vm, v, VmState.PAUSED, "resume");
        return act(vm, v, "VM.unpause", xapi.defaultTimeout(), c -> v.ref.unpause(c), "resumed",
                VmState.RUNNING::equals, "already running");
    }

    /** {@code VM.suspend}: memory saved to a suspend VDI on the pool's SR; {@link #start} resumes it. */
    @Override
    public OpResult save(String vm) {
        Vm v = resolve(vm);
        if (v.state() == VmState.SUSPENDED) return new OpResult("already saved (suspended)", null);
        requireState(vm, v, VmState.RUNNING, "save");
        return act(vm, v, "VM.suspend", LONG, c -> v.ref.suspend(c),
                "saved (suspended by XAPI; start resumes it)", VmState.SUSPENDED::equals, "already saved (suspended)");
    }

    private void requireState(String vm, Vm v, VmState wanted, String op) {
        if (v.state() != wanted) {
            if (!v.state().isActive()) throw notRunning(vm, v, op);
            throw new InvalidRequestException(hostName, vm, null, op + " needs the VM " + wanted.label()
                    + "; it is " + v.state().label());
        }
    }

    InvalidRequestException notRunning(String vm, Vm v, String op) {
        return new InvalidRequestException(hostName, vm, null, "the VM is not running (" + v.state().label()
                + "); " + op + " needs it running");
    }

    /**
     * Runs one VM action; a refusal because of the VM's power state (another client changed it just
     * now) is settled by reading the state again ({@link LostRace}).
     *
     * @param wanted  the states in which the action has nothing left to do
     * @param already the result then
     */
    private OpResult act(String vm, Vm v, String method, Duration timeout, VoidCall action, String done,
                         Predicate<VmState> wanted, String already) {
        String what = call(method, v);
        try {
            xapi.call(vm, what, timeout, c -> {
                action.run(c);
                return null;
            });
            return new OpResult(done, what);
        } catch (InvalidRequestException e) {
            if (!XapiErrors.code(e).equals("VM_BAD_POWER_STATE")) throw e;
            return LostRace.settle(e, stateNow(vm, v), wanted, already);
        }
    }

    /** A call that returns nothing. */
    @FunctionalInterface
    interface VoidCall {
        void run(com.xensource.xenapi.Connection c) throws Types.XenAPIException, org.apache.xmlrpc.XmlRpcException;
    }

    void run(String vm, String what, Duration timeout, VoidCall c) {
        xapi.call(vm, what, timeout, conn -> {
            c.run(conn);
            return null;
        });
    }

    // ---- resources -----------------------------------------------------------------------------

    /**
     * Current amount: the dynamic range set to [mib, mib] ({@code VM.set_memory_dynamic_range}),
     * which XAPI applies live (balloon) and keeps; on a halted VM {@code VM.set_memory_limits}.
     * Maximum ({@code max}): memory_static_max, halted VMs only.
     */
    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        Vm v = resolve(vm);
        VmState s = v.state();
        Set<Scope> sc = Scope.resolve(scope, s);
        VM.Record r = v.rec;
        long bytes = mib * MIB;
        long smin = nz(r.memoryStaticMin);
        long smax = nz(r.memoryStaticMax);
        long dmin = nz(r.memoryDynamicMin);
        long dmax = nz(r.memoryDynamicMax);
        if (max) {
            if (s != VmState.SHUTOFF) {
                throw new InvalidRequestException(hostName, vm, null, "the maximum memory (memory_static_max) changes"
                        + " only while the VM is halted; it is " + s.label());
            }
            if (bytes < dmax) {
                throw new InvalidRequestException(hostName, vm, null, "maximum " + mib + " MiB is below the current "
                        + dmax / MIB + " MiB; lower the memory first");
            }
            String what = call("VM.set_memory_limits", v);
            long newMin = Math.min(smin, bytes);
            run(vm, what, xapi.defaultTimeout(), c -> v.ref.setMemoryLimits(c, newMin, bytes, dmin, dmax));
            return new OpResult("maximum memory set to " + mib + " MiB (memory_static_max)", what);
        }
        if (bytes > smax) {
            throw new InvalidRequestException(hostName, vm, null, "memory " + mib + " MiB exceeds the maximum "
                    + smax / MIB + " MiB (memory_static_max); raise it first with --max while the VM is halted");
        }
        if (s.isActive()) {
            String what = call("VM.set_memory_dynamic_range", v);
            run(vm, what, xapi.defaultTimeout(), c -> v.ref.setMemoryDynamicRange(c, bytes, bytes));
            return new OpResult("memory set to " + mib + " MiB (live; XAPI keeps it as the VM's dynamic range"
                    + (sc.contains(Scope.LIVE) ? "" : ", so the running VM gets it too") + ")", what);
        }
        if (sc.contains(Scope.LIVE)) throw notRunning(vm, v, "a live memory change");
        String what = call("VM.set_memory_limits", v);
        long newMin = Math.min(smin, bytes);
        run(vm, what, xapi.defaultTimeout(), c -> v.ref.setMemoryLimits(c, newMin, smax, bytes, bytes));
        return new OpResult("memory set to " + mib + " MiB (config: dynamic range; next start)", what);
    }

    static long nz(Long n) {
        return n == null ? 0 : n;
    }

    /**
     * Count: {@code VM.set_VCPUs_number_live} up to VCPUs_max on a running VM (plus
     * {@code set_VCPUs_at_startup} for config scope); {@code VM.set_VCPUs_at_startup} on a halted one.
     * Maximum ({@code max}): {@code VM.set_VCPUs_max}, halted VMs only.
     */
    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        Vm v = resolve(vm);
        VmState s = v.state();
        Set<Scope> sc = Scope.resolve(scope, s);
        long vmax = nz(v.rec.VCPUsMax);
        long atStartup = nz(v.rec.VCPUsAtStartup);
        if (max) {
            if (s != VmState.SHUTOFF) {
                throw new InvalidRequestException(hostName, vm, null, "the maximum vCPUs (VCPUs_max) change only while"
                        + " the VM is halted; it is " + s.label());
            }
            if (count < atStartup) {
                throw new InvalidRequestException(hostName, vm, null, "maximum " + count + " is below the "
                        + atStartup + " vCPUs at startup; lower them first");
            }
            String what = call("VM.set_VCPUs_max", v);
            run(vm, what, xapi.defaultTimeout(), c -> v.ref.setVCPUsMax(c, (long) count));
            return new OpResult("maximum vCPUs set to " + count + " (VCPUs_max)", what);
        }
        if (count > vmax) {
            throw new InvalidRequestException(hostName, vm, null, count + " vCPUs exceed the maximum " + vmax
                    + " (VCPUs_max); raise it first with --max while the VM is halted");
        }
        List<String> whats = new ArrayList<>();
        if (s.isActive()) {
            if (sc.contains(Scope.LIVE)) {
                String what = call("VM.set_VCPUs_number_live", v);
                run(vm, what, xapi.defaultTimeout(), c -> v.ref.setVCPUsNumberLive(c, (long) count));
                whats.add(what);
            }
            if (sc.contains(Scope.CONFIG)) {
                String what = call("VM.set_VCPUs_at_startup", v);
                run(vm, what, xapi.defaultTimeout(), c -> v.ref.setVCPUsAtStartup(c, (long) count));
                whats.add(what);
            }
            return new OpResult("vCPUs set to " + count + Scope.text(sc), String.join(" && ", whats));
        }
        if (sc.contains(Scope.LIVE)) throw notRunning(vm, v, "a live vCPU change");
        String what = call("VM.set_VCPUs_at_startup", v);
        run(vm, what, xapi.defaultTimeout(), c -> v.ref.setVCPUsAtStartup(c, (long) count));
        return new OpResult("vCPUs set to " + count + " (config; next start)", what);
    }

    // ---- disks, create / delete: see XapiProvisioning ------------------------------------------

    /** See {@link XapiProvisioning#attachDisk}. */
    @Override
    public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        return provisioning.attachDisk(vm, sizeMiB, scope);
    }

    /** See {@link XapiProvisioning#create}. */
    @Override
    public OpResult create(CreateSpec spec, boolean start) {
        return provisioning.create(spec, start);
    }

    /** See {@link XapiProvisioning#delete}. */
    @Override
    public OpResult delete(String vm, boolean withDisks, boolean force) {
        return provisioning.delete(vm, withDisks, force);
    }

    /** See {@link XapiCopies#clone}. */
    @Override
    public OpResult clone(String vm, String newName, boolean start) {
        return copies.clone(vm, newName, start);
    }

    /** See {@link XapiCopies#setAutostart}. */
    @Override
    public OpResult setAutostart(String vm, boolean on) {
        return copies.setAutostart(vm, on);
    }

    // ---- snapshots -----------------------------------------------------------------------------

    @Override
    public Snapshotting snapshotting() {
        return snapshots;
    }





    // ---- console / host ------------------------------------------------------------------------

    /**
     * {@code xl console DOMID} in dom0 on a PTY (XAPI has no text-console call; dom0's xl reaches the
     * guest's serial console), Ctrl-] detaching as with the xl driver. Only for a VM resident on the
     * member this driver's SSH connection reaches: a VM on another member is refused, naming it (its
     * console is that member's dom0's; add the member to the inventory to reach it).
     */
    @Override
    public ConsoleStream console(String vm, boolean force) {
        Vm v = resolve(vm);
        if (!v.state().isActive()) throw notRunning(vm, v, "the console");
        Host here = xapi.call(vm, "session.get_this_host", c -> Types.toSession(c.getSessionReference()).getThisHost(c));
        Host there = v.rec.residentOn;
        if (!XapiVms.isNull(there) && !there.toWireString().equals(here.toWireString())) {
            Map<Host, Host.Record> hosts = xapi.call(vm, "host.get_all_records", Host::getAllRecords);
            String member = there.toWireString();
            String address = "";
            for (Map.Entry<Host, Host.Record> e : hosts.entrySet()) {
                if (e.getKey().toWireString().equals(there.toWireString())) {
                    member = memberName(e.getValue());
                    address = e.getValue().address == null ? "" : " (" + e.getValue().address + ")";
                }
            }
            throw new InvalidRequestException(hostName, vm, null, "the VM runs on pool member " + member + address
                    + ", not on the member " + hostName + " reaches; its console is in that member's dom0: add "
                    + member + " to the inventory and open the console there");
        }
        Long domid = v.rec.domid;
        if (domid == null || domid < 0) throw notRunning(vm, v, "the console");
        return XapiConsole.open(xapi.ssh(), hostName, vm, domid, sudo);
    }

    /**
     * The member this driver's connection reaches (session.get_this_host), with the pool around it:
     * its name, master and members in {@code extra}. Guests are the pool's (what {@link #list} shows).
     */
    @Override
    public HostInfo hostInfo() {
        Host here = xapi.call(null, "session.get_this_host", c -> Types.toSession(c.getSessionReference()).getThisHost(c));
        Map<Host, Host.Record> hosts = xapi.call(null, "host.get_all_records", Host::getAllRecords);
        Host.Record me = null;
        List<String> members = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<Host, Host.Record> e : hosts.entrySet()) {
            names.put(e.getKey().toWireString(), memberName(e.getValue()));
            members.add(memberName(e.getValue()));
            if (e.getKey().toWireString().equals(here.toWireString())) me = e.getValue();
        }
        if (me == null) throw new VmNotFoundException(hostName, null, "host.get_all_records", "XAPI does not list the host of its own session");
        Host.Record self = me;
        HostMetrics.Record metrics = XapiVms.isNull(self.metrics) ? null
                : xapi.call(null, "host_metrics.get_record", c -> self.metrics.getRecord(c));
        Map<Pool, Pool.Record> pools = xapi.call(null, "pool.get_all_records", Pool::getAllRecords);
        Map<VM, VM.Record> vms = xapi.call(null, "VM.get_all_records", VM::getAllRecords);
        int guests = (int) vms.values().stream().filter(XapiVms::isGuest).count();
        Map<String, String> sw = self.softwareVersion == null ? Map.of() : self.softwareVersion;
        Map<String, String> extra = new LinkedHashMap<>();
        for (Pool.Record p : pools.values()) {
            extra.put("pool", (p.nameLabel == null || p.nameLabel.isBlank() ? "(unnamed)" : p.nameLabel) + " " + p.uuid);
            if (!XapiVms.isNull(p.master)) extra.put("pool master", names.getOrDefault(p.master.toWireString(), p.master.toWireString()));
        }
        members.sort(null);
        extra.put("pool members", String.join(", ", members));
        extra.put("this member", memberName(self) + (self.address == null ? "" : " (" + self.address + ")"));
        if (sw.get("xen") != null) extra.put("xen", sw.get("xen"));
        if (self.enabled != null && !self.enabled) extra.put("enabled", "no (maintenance)");
        HostFacts f = HostFacts.gather(xapi.ssh(), hostName);
        String brand = sw.getOrDefault("product_brand", sw.getOrDefault("platform_name", "XAPI"));
        String version = sw.getOrDefault("product_version", sw.get("platform_version"));
        Integer cpus = null;
        if (self.cpuInfo != null && self.cpuInfo.get("cpu_count") != null) {
            try {
                cpus = Integer.parseInt(self.cpuInfo.get("cpu_count").trim());
            } catch (NumberFormatException e) {
                LOG.debug("{}: cpu_count {}", hostName, self.cpuInfo.get("cpu_count"));
            }
        }
        Long total = metrics == null ? null : XapiVms.mib(metrics.memoryTotal);
        Long free = metrics == null || total == null ? null : XapiVms.mib(metrics.memoryFree);
        return HostInfo.of(hostName, KIND, TRANSPORT, f, new HostInfo.Reported(self.hostname, brand, version, null, cpus,
                total, free, null, guests), extra);
    }

    /**
     * The pool's uuid and this member's name (read once: a host changes pools only by leaving it,
     * which restarts its XAPI).
     */
    @Override
    public Optional<PoolMember> pool() {
        PoolMember p = poolMember;
        if (p == null) {
            String id = null;
            Map<Pool, Pool.Record> pools = xapi.call(null, "pool.get_all_records", Pool::getAllRecords);
            for (Pool.Record r : pools.values()) id = r.uuid;
            Host here = xapi.call(null, "session.get_this_host",
                    c -> Types.toSession(c.getSessionReference()).getThisHost(c));
            Host.Record self = xapi.call(null, "host.get_record", here::getRecord);
            p = id == null ? null : new PoolMember(id, memberName(self));
            poolMember = p;
        }
        return Optional.ofNullable(p);
    }

    /** Logs out of XAPI; the SSH connection stays pooled. */
    @Override
    public void close() {
        background.shutdown();
        xapi.close();
    }

    // ---- show ----------------------------------------------------------------------------------

    /**
     * The VM's VBDs with their VDIs (sizes: virtual size and physical utilisation), its VIFs with
     * their networks, the addresses its guest tools report ({@code VM_guest_metrics}) and
     * {@code other_config:auto_poweron}. A few XAPI calls per device.
     */
    @Override
    public VmDetails describe(String vm) {
        VmInfo info = details(vm);
        Vm v = resolve(vm);
        List<VmDetails.Disk> disks = new ArrayList<>();
        for (VBD b : v.rec.VBDs) {
            VBD.Record br = xapi.call(vm, "VBD.get_record", c -> b.getRecord(c));
            VDI.Record dr = Boolean.TRUE.equals(br.empty) || XapiVms.isNull(br.VDI) ? null
                    : xapi.call(vm, "VDI.get_record", c -> br.VDI.getRecord(c));
            disks.add(XapiShow.disk(br, dr));
        }
        List<String> notes = new ArrayList<>();
        Map<String, List<VmDetails.Address>> addrs = Map.of();
        if (!XapiVms.isNull(v.rec.guestMetrics)) {
            VMGuestMetrics.Record gm = xapi.call(vm, "VM_guest_metrics.get_record", c -> v.rec.guestMetrics.getRecord(c));
            addrs = XapiShow.addresses(gm.networks == null ? Map.of() : gm.networks);
        } else if (!v.rec.VIFs.isEmpty() && v.state().isActive()) {
            notes.add("addresses: the guest reports none (no guest tools: VM_guest_metrics is not set)");
        }
        List<VmDetails.Nic> nics = new ArrayList<>();
        for (VIF f : v.rec.VIFs) {
            VIF.Record fr = xapi.call(vm, "VIF.get_record", c -> f.getRecord(c));
            Network.Record nr = XapiVms.isNull(fr.network) ? null
                    : xapi.call(vm, "network.get_record", c -> fr.network.getRecord(c));
            nics.add(new VmDetails.Nic(fr.MAC == null ? null : fr.MAC.toLowerCase(java.util.Locale.ROOT), "network",
                    nr == null ? null : nr.nameLabel, null, null,
                    addrs.getOrDefault(fr.device, List.of())));
        }
        List<VmDetails.Console> consoles = new ArrayList<>();
        for (com.xensource.xenapi.Console k : v.rec.consoles) {
            com.xensource.xenapi.Console.Record kr = xapi.call(vm, "console.get_record", c -> k.getRecord(c));
            consoles.add(new VmDetails.Console("console", kr.protocol == null ? null
                    : kr.protocol.toString().toLowerCase(java.util.Locale.ROOT), "xen 0", kr.location));
        }
        return new VmDetails(info, disks, nics, consoles, XapiShow.autostart(v.rec.otherConfig), notes);
    }

    /** The VM's record as the XenServer SDK prints it (every field, one per line). */
    @Override
    public String rawConfig(String vm) {
        return resolve(vm).rec.toString();
    }
}
