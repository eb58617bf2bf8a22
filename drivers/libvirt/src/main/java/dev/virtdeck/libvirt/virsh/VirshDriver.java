package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.GracefulShutdown;
import dev.virtdeck.driver.GracefulShutdown.Forced;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.libvirt.DomainChanges;
import dev.virtdeck.libvirt.DomainDevices;
import dev.virtdeck.libvirt.LibvirtDriver;
import dev.virtdeck.host.HostFacts;
import dev.virtdeck.libvirt.VirshConsole;
import dev.virtdeck.libvirt.virsh.VirshSteps.Probe;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The libvirt driver over the {@code virsh} CLI, run through SSH on the host. Every VM name is a
 * separate argv word after {@code --domain} (so names starting with '-' or full of shell
 * metacharacters are just names); every command runs with {@code LC_ALL=C} because virsh's
 * messages and state words are translated.
 *
 * <p>Cost: one SSH exec per virsh call (~0.2-0.5 s). {@link #list()} is ONE exec: several virsh
 * commands in one invocation, separated by virsh's own {@code echo} of a marker line. Operations
 * try the action first and only look at the VM's state when it fails, so the common path is one
 * exec and an "already in that state" outcome is still recognised.
 */
public final class VirshDriver extends LibvirtDriver {
    private static final Logger LOG = LoggerFactory.getLogger(VirshDriver.class);
    private static final String LIST_SCRIPT = String.join("; ",
            "list --all --uuid --name", "echo " + VirshParsers.SEPARATOR,
            "list --all --transient --name", "echo " + VirshParsers.SEPARATOR,
            "list --all --with-managed-save --name", "echo " + VirshParsers.SEPARATOR,
            "domstats --raw --state --cpu-total --balloon --vcpu --block --interface");
    private static final String HOST_SCRIPT = String.join("; ",
            "nodeinfo", "echo " + VirshParsers.SEPARATOR, "version", "echo " + VirshParsers.SEPARATOR,
            "maxvcpus", "echo " + VirshParsers.SEPARATOR, "list --all --name");

    private final Virsh virsh;
    private final VirshSteps steps;
    private final DomainChanges changes;
    private final GracefulShutdown shutdowns;
    private final VirshSnapshots snapshots;

    /**
     * @param hostName inventory name of the host
     * @param ssh      the host's pooled SSH connection (not closed by this driver)
     * @param uri      libvirt URI on the host, e.g. {@code qemu:///system}
     * @param sudo     run virsh, qemu-img and rm through {@code sudo -n}
     */
    public VirshDriver(String hostName, SshHost ssh, String uri, boolean sudo) {
        super(hostName);
        this.virsh = new Virsh(hostName, ssh, uri, sudo);
        this.steps = new VirshSteps(virsh);
        this.changes = new DomainChanges(hostName, ssh, sudo, steps);
        this.shutdowns = new GracefulShutdown(hostName, LOG);
        this.snapshots = new VirshSnapshots(virsh);
    }

    @Override
    protected DomainChanges changes() {
        return changes;
    }

    @Override
    public List<VmInfo> list() {
        List<String> s = sections(LIST_SCRIPT, 4);
        Map<String, String> uuids = VirshParsers.uuidsByName(s.get(0));
        Set<String> transient_ = new HashSet<>(VirshParsers.names(s.get(1)));
        Set<String> saved = new HashSet<>(VirshParsers.names(s.get(2)));
        Map<String, Map<String, String>> stats = VirshParsers.domstats(s.get(3));
        List<VmInfo> out = new ArrayList<>();
        for (Map.Entry<String, String> e : uuids.entrySet()) {
            Map<String, String> st = stats.get(e.getKey());
            if (st == null) continue; // undefined between the two commands
            out.add(VirshParsers.vmInfo(host(), e.getKey(), e.getValue(), st, !transient_.contains(e.getKey()),
                    saved.contains(e.getKey())));
        }
        return out;
    }

    /** Two execs: {@code dominfo} (uuid, persistence, managed save) and {@code domstats}. */
    @Override
    public VmInfo details(String vm) {
        Probe p = steps.probe(vm);
        ExecResult r = virsh.ok(vm, "domstats", "--raw", "--state", "--cpu-total", "--balloon", "--vcpu",
                "--block", "--interface", "--domain", vm);
        Map<String, String> st = VirshParsers.domstats(r.stdout()).get(vm);
        if (st == null) throw new VmNotFoundException(host(), vm, r.command(), "no such VM");
        return VirshParsers.vmInfo(host(), vm, p.uuid(), st, p.persistent(), p.managedSave());
    }

    @Override
    public OpResult start(String vm) {
        ExecResult r = virsh.run("start", "--domain", vm);
        if (r.ok()) return new OpResult("started", r.command());
        Probe p = probeAfterFailure(vm, r);
        if (!p.state().isActive()) throw Virsh.failure(host(), vm, r);
        if (p.state() == VmState.RUNNING) return new OpResult("already running", r.command());
        if (p.state() == VmState.PAUSED && startingUp(vm)) {
            // libvirt starts QEMU paused and resumes it: another client's start is under way
            return new OpResult("already running (starting up)", r.command());
        }
        return new OpResult("already running (" + p.word() + ")", r.command());
    }

    /** @return true when the VM is paused only because libvirt is starting it (domstate reason) */
    private boolean startingUp(String vm) {
        return "paused (starting up)".equals(stateWithReason(vm));
    }

    /** @return {@code virsh domstate --reason}'s answer, e.g. "shut off (destroyed)", or null when it failed */
    private String stateWithReason(String vm) {
        ExecResult r = virsh.run("domstate", "--reason", "--domain", vm);
        return r.ok() ? r.stdout().strip() : null;
    }

    @Override
    public OpResult shutdown(String vm, ShutdownRequest request) {
        ExecResult r = virsh.run("shutdown", "--domain", vm);
        if (!r.ok()) {
            Probe p = probeAfterFailure(vm, r);
            if (!p.state().isActive()) return new OpResult("already shut off", r.command());
            throw Virsh.failure(host(), vm, r);
        }
        return shutdowns.await(vm, request, r.command(), () -> isOff(vm), () -> destroyed(vm), () -> {
            ExecResult d = virsh.run("destroy", "--domain", vm);
            return d.ok() ? Forced.done(d.command()) : Forced.failed(d.command(), () -> Virsh.failure(host(), vm, d));
        });
    }

    @Override
    public OpResult poweroff(String vm) {
        ExecResult r = virsh.run("destroy", "--domain", vm);
        if (r.ok()) return new OpResult("powered off", r.command());
        if (!probeAfterFailure(vm, r).state().isActive()) return new OpResult("already shut off", r.command());
        throw Virsh.failure(host(), vm, r);
    }

    @Override
    public OpResult reboot(String vm) {
        return new OpResult("reboot requested", virsh.ok(vm, "reboot", "--domain", vm).command());
    }

    @Override
    public OpResult reset(String vm) {
        return new OpResult("reset", virsh.ok(vm, "reset", "--domain", vm).command());
    }

    /** Looks first: libvirt 9 answers "suspended" with exit 0 for an already paused VM. */
    @Override
    public OpResult pause(String vm) {
        Probe p = steps.probe(vm);
        if (p.state() == VmState.PAUSED) return new OpResult("already paused", p.command());
        ExecResult r = virsh.ok(vm, "suspend", "--domain", vm);
        return new OpResult("paused", p.command() + " && " + r.command());
    }

    @Override
    public OpResult resume(String vm) {
        return doneOrAlready(vm, virsh.run("resume", "--domain", vm), "resumed", VmState.RUNNING, "already running");
    }

    @Override
    public OpResult save(String vm) {
        return doneOrAlready(vm, virsh.run("managedsave", "--domain", vm), "saved", VmState.SUSPENDED, "already saved");
    }

    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        String kib = Long.toString(mib * 1024);
        if (max) {
            ExecResult r = virsh.ok(vm, "setmaxmem", "--domain", vm, "--size", kib, "--config");
            return new OpResult("maximum memory set to " + mib + " MiB (next boot)", r.command());
        }
        return setWithinMaximum(vm, scope, List.of("setmem", "--domain", vm, "--size", kib), mib, Limits::maxMemoryMiB,
                limit -> overMemory(mib, limit), "memory set to " + mib + " MiB", "higher than max memory", "exceed");
    }

    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        String n = Integer.toString(count);
        if (max) {
            ExecResult r = virsh.ok(vm, "setvcpus", "--domain", vm, "--count", n, "--maximum", "--config");
            return new OpResult("maximum vCPUs set to " + count + " (next boot)", r.command());
        }
        return setWithinMaximum(vm, scope, List.of("setvcpus", "--domain", vm, "--count", n), count, Limits::maxVcpus,
                limit -> overVcpus(count, limit), "vCPUs set to " + count, "greater than max", "exceeds maximum");
    }

    @Override
    public ConsoleStream console(String vm, boolean force) {
        return VirshConsole.open(virsh.ssh(), virsh.sudo(), virsh.uri(), host(), vm, force);
    }

    @Override
    public Snapshotting snapshotting() {
        return snapshots;
    }





    /** Runs a multi-command virsh script and returns its output's {@code expected} sections. */
    private List<String> sections(String script, int expected) {
        ExecResult r = virsh.run(script);
        // In a multi-command invocation the exit code is the LAST command's: check stderr too.
        CommandFailedException missing = Virsh.missing(host(), r);
        if (missing != null) throw missing;
        if (!r.ok() || VirshParsers.hasError(r.stderr())) {
            throw new CommandFailedException(host(), null, r.command(), r.exitCode(), r.stdout(), r.stderr());
        }
        List<String> s = VirshParsers.sections(r.stdout());
        if (s.size() != expected) {
            throw new CommandFailedException(host(), null, r.command(), r.exitCode(), r.stdout(),
                    "unexpected output: " + s.size() + " sections instead of " + expected);
        }
        return s;
    }

    /** Two execs: one virsh invocation (nodeinfo, version, maxvcpus, names) and {@link HostFacts}. */
    @Override
    public HostInfo hostInfo() {
        List<String> s = sections(HOST_SCRIPT, 4);
        Map<String, String> node = VirshParsers.keyValues(s.get(0));
        VirshParsers.Versions v = VirshParsers.versions(s.get(1));
        Long maxVcpus = VirshParsers.leadingNumber(s.get(2).strip());
        int guests = VirshParsers.names(s.get(3)).size();
        HostFacts f = HostFacts.gather(virsh.ssh(), host());
        Long cpus = VirshParsers.leadingNumber(node.get("CPU(s)"));
        Long memKib = VirshParsers.leadingNumber(node.get("Memory size"));
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("uri", virsh.uri());
        if (node.get("CPU model") != null) extra.put("cpu model", node.get("CPU model"));
        if (node.get("CPU frequency") != null) extra.put("cpu frequency", node.get("CPU frequency"));
        extra.put("/dev/kvm writable", Boolean.toString(f.devKvmWritable()));
        if (memKib != null) extra.put("libvirt node memory", memKib / 1024 + " MiB");
        // memory: the host's /proc/meminfo (see HostInfo.Reported)
        return HostInfo.of(host(), kind(), "virsh", f, new HostInfo.Reported(null, v.hypervisor(),
                v.hypervisorVersion(), v.libvirt(), cpus == null ? null : cpus.intValue(), null, null,
                maxVcpus == null ? null : maxVcpus.intValue(), guests), extra);
    }

    /** {@code virsh --version} connects to nothing: it only proves virsh starts, sudo included. */
    @Override
    public void checkTools() {
        virsh.ok(null, "--version");
    }

    /** Nothing to release: the SSH connection belongs to the pool. */
    @Override
    public void close() {
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * A state change's result: done, or "already" when it failed because the VM was in
     * {@code target} by then (another client got there first); else its failure.
     */
    private OpResult doneOrAlready(String vm, ExecResult r, String done, VmState target, String already) {
        if (r.ok()) return new OpResult(done, r.command());
        if (probeAfterFailure(vm, r).state() == target) return new OpResult(already, r.command());
        throw Virsh.failure(host(), vm, r);
    }

    /**
     * After a failed action: an unknown VM, or a login without virsh, is reported as such (the
     * action's own command named); else the VM's state is looked up.
     */
    private Probe probeAfterFailure(String vm, ExecResult failed) {
        if (Virsh.isNotFound(VirshParsers.errorText(failed.stderr())) || Virsh.missing(host(), failed) != null) {
            throw Virsh.failure(host(), vm, failed);
        }
        return steps.probe(vm);
    }

    /** @return true when the VM is shut off because it was destroyed (powered off), not shut down */
    private boolean destroyed(String vm) {
        return "shut off (destroyed)".equals(stateWithReason(vm));
    }

    /** @return true when the VM is inactive, or gone (a transient VM disappears when it stops) */
    private boolean isOff(String vm) {
        try {
            return !steps.probe(vm).state().isActive();
        } catch (VmNotFoundException e) {
            return true;
        }
    }

    /** Current and maximum memory and vCPUs as the running (or, when off, the defined) VM has them. */
    private record Limits(boolean active, Long maxMemoryMiB, Integer maxVcpus, String command) {
    }

    private Limits limits(String vm) {
        ExecResult r = virsh.ok(vm, "domstats", "--raw", "--state", "--balloon", "--vcpu", "--domain", vm);
        Map<String, String> st = VirshParsers.domstats(r.stdout()).get(vm);
        if (st == null) throw new VmNotFoundException(host(), vm, r.command(), "no such VM");
        VmInfo i = VirshParsers.vmInfo(host(), vm, null, st, null, false);
        return new Limits(i.state().isActive(), i.maxMemoryMiB(), i.maxVcpus(), r.command());
    }

    /**
     * Refuses {@code value} above the maximum {@code max} reads from the VM's limits (where that
     * maximum applies, see {@link #checksAgainstLive}), then runs {@code argv} with the scope's
     * flags. A refusal by libvirt whose text contains one of {@code overWords} is reported like our
     * own check, with libvirt's words.
     *
     * @param over the refusal's text for a maximum (null when libvirt did not say which)
     * @param done the result's message, before the scope
     */
    private OpResult setWithinMaximum(String vm, Set<Scope> scope, List<String> argv, long value,
                                      Function<Limits, Number> max, Function<Number, String> over, String done,
                                      String... overWords) {
        Limits l = limits(vm);
        Number limit = max.apply(l);
        if (limit != null && value > limit.longValue() && checksAgainstLive(scope, l)) {
            throw new InvalidRequestException(host(), vm, l.command(), over.apply(limit));
        }
        List<String> args = new ArrayList<>(argv);
        args.addAll(scopeFlags(scope));
        ExecResult r = virsh.run(args.toArray(String[]::new));
        if (!r.ok()) {
            String why = VirshParsers.errorText(r.stderr());
            if (Arrays.stream(overWords).anyMatch(why::contains)) {
                throw new InvalidRequestException(host(), vm, r.command(), over.apply(null) + " (" + why + ")");
            }
            throw Virsh.failure(host(), vm, r);
        }
        return new OpResult(done + Scope.text(scope), l.command() + " && " + r.command());
    }

    /**
     * The maxima domstats reports are the live ones for a running VM and the config ones for a VM
     * that is off; a config-only change on a running VM is left to libvirt (its next-boot maximum
     * may differ).
     */
    private static boolean checksAgainstLive(Set<Scope> scope, Limits l) {
        if (!l.active()) return true;
        return scope.isEmpty() || scope.contains(Scope.LIVE);
    }

    private static String overMemory(long mib, Number maxMiB) {
        return "memory " + mib + " MiB exceeds the maximum" + (maxMiB == null ? "" : " " + maxMiB + " MiB")
                + "; use --max to raise the maximum (next boot)";
    }

    private static String overVcpus(int count, Number max) {
        return count + " vCPUs exceed the maximum" + (max == null ? "" : " " + max)
                + "; use --max to raise the maximum (next boot)";
    }

    /** Empty scope = virsh's {@code --current}: live if running, config if off. */
    static List<String> scopeFlags(Set<Scope> scope) {
        if (scope.isEmpty()) return List.of("--current");
        List<String> out = new ArrayList<>();
        if (scope.contains(Scope.LIVE)) out.add("--live");
        if (scope.contains(Scope.CONFIG)) out.add("--config");
        return out;
    }

    // ---- show ----------------------------------------------------------------------------------

    /**
     * One exec for everything but addresses: dominfo (uuid, persistence, autostart), domstats,
     * domblkinfo and, last (its text could hold a line like our separator), dumpxml. Addresses of
     * a running VM take one more: the leases of libvirt networks, then the guest agent only where
     * the VM has a connected one and a NIC is still without an address.
     */
    @Override
    public VmDetails describe(String vm) {
        String q = virshQuote(vm);
        String script = String.join("; ", "dominfo --domain " + q, "echo " + VirshParsers.SEPARATOR,
                "domstats --raw --state --cpu-total --balloon --vcpu --domain " + q, "echo " + VirshParsers.SEPARATOR,
                "domblkinfo --all --domain " + q, "echo " + VirshParsers.SEPARATOR, "dumpxml --domain " + q);
        ExecResult r = virsh.run(script);
        CommandFailedException missing = Virsh.missing(host(), r);
        if (missing != null) throw missing;
        String errors = VirshParsers.errorText(r.stderr());
        if (Virsh.isNotFound(errors)) throw new VmNotFoundException(host(), vm, r.command(), "no such VM");
        String[] s = r.stdout().split("(?m)^" + VirshParsers.SEPARATOR + "\\n", 4);
        if (!r.ok() || s.length < 4 || s[3].isBlank()) throw Virsh.failure(host(), vm, r);
        List<String> notes = new ArrayList<>();
        if (VirshParsers.hasError(r.stderr())) notes.add("disk sizes: " + errors); // dumpxml, last, succeeded
        Map<String, String> info = VirshParsers.keyValues(s[0]);
        Map<String, String> stats = VirshParsers.domstats(s[1]).getOrDefault(vm, Map.of());
        VmInfo v = VirshParsers.vmInfo(host(), vm, info.get("UUID"), stats, !"no".equals(info.get("Persistent")),
                "yes".equals(info.get("Managed save")));
        DomainDevices d = DomainDevices.parse(s[3]).withSizes(VirshShowParsers.blockInfo(s[2]));
        return d.details(v, VirshShowParsers.autostart(info), addresses(vm, v, d, notes), notes);
    }

    private List<Map<String, List<VmDetails.Address>>> addresses(String vm, VmInfo v, DomainDevices d, List<String> notes) {
        List<Map<String, List<VmDetails.Address>>> found = new ArrayList<>();
        if (d.nics().isEmpty() || !v.state().isActive()) return found;
        if (d.hasNetworkInterface()) found.add(ifaddr(vm, "lease", VmDetails.AddressOrigin.LEASE, notes));
        if (d.agent() && d.agentUp() && d.missingAddresses(found)) {
            found.add(ifaddr(vm, "agent", VmDetails.AddressOrigin.AGENT, notes));
        } else if (!d.hasNetworkInterface() && !d.agent()) {
            notes.add("addresses: unknown (no NIC on a libvirt network and no guest agent)");
        }
        return found;
    }

    /** One domifaddr; a failure (no agent answering, ...) becomes a note, not the show's failure. */
    private Map<String, List<VmDetails.Address>> ifaddr(String vm, String source, VmDetails.AddressOrigin origin,
                                                         List<String> notes) {
        ExecResult r = virsh.run("domifaddr", "--domain", vm, "--source", source, "--full");
        if (!r.ok()) {
            notes.add("addresses from " + source + ": " + VirshParsers.errorText(r.stderr()));
            return Map.of();
        }
        return VirshShowParsers.interfaceAddresses(r.stdout(), origin);
    }

    /** The domain XML as {@code virsh dumpxml} prints it (the live definition of a running VM). */
    @Override
    public String rawConfig(String vm) {
        return virsh.ok(vm, "dumpxml", "--domain", vm).stdout();
    }

    /** A word of a virsh command string: single quotes, as virsh's own parser reads them (like sh). */
    static String virshQuote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
