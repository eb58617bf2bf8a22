package dev.virtdeck.vbox;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.GracefulShutdown;
import dev.virtdeck.driver.GracefulShutdown.Forced;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.host.HostFacts;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The VirtualBox driver: {@code VBoxManage} run over SSH as the user owning the VMs (VirtualBox
 * keeps a registry per user, so sudo would show another user's VMs). Every VM name is its own
 * argv word; every command runs with {@code LC_ALL=C}; only machine-readable output is parsed.
 *
 * <p>The VirtualBox version is read once ({@code VBoxManage --version}) and picks the parsing
 * rules where formats differ ({@link VBoxVersion}). Cost: {@link #list()} is ONE exec, a fixed
 * script ({@link VBoxListScript}) running {@code list vms}, a {@code showvminfo} per VM and, while
 * a VM may run, one {@code metrics query} for all VMs (usage: {@link VBoxMetrics}). Beyond it only
 * rarely: {@code metrics setup} when a running VM has no samples (first list, a VM started since),
 * and once per driver {@code --version} and {@code list hostinfo} (the host's CPU count). Actions
 * try first and only look at the VM's state when they fail, so "already running" and friends cost
 * an exec only when they happen.
 *
 * <p>Memory: {@code memory=} is the configured RAM and thus the maximum; the current amount is
 * that minus the guest memory balloon. vCPUs: {@code cpus=} is the count, or with CPU hot-plug the
 * maximum; the plugged count is not printed by VBoxManage, so it is reported as unknown.
 *
 * <p>Size (~520 lines): one short method per SPI operation, each with the VirtualBox rule it
 * follows; create, the console and parsing already live in their own classes, and splitting the
 * operations further would only move the shared VM-state lookups apart.
 */
public final class VBoxDriver implements HypervisorDriver {
    public static final String KIND = "vbox";
    public static final String TRANSPORT = "VBoxManage";
    /** Controller virtdeck adds to VMs it creates (or to an off VM without SATA). */
    static final String SATA = "SATA";

    private static final Logger LOG = LoggerFactory.getLogger(VBoxDriver.class);

    private final String hostName;
    private final VBoxManage vbm;
    private final VBoxCreate creator;
    private final GracefulShutdown shutdowns;
    private final VBoxSnapshots snapshots;
    private final VBoxMetrics metrics;
    private final VBoxClone cloner;
    private volatile VBoxVersion version;

    /**
     * @param hostName inventory name of the host
     * @param ssh      the host's pooled SSH connection (not closed by this driver)
     */
    public VBoxDriver(String hostName, SshHost ssh) {
        this.hostName = hostName;
        this.vbm = new VBoxManage(hostName, ssh);
        this.creator = new VBoxCreate(vbm);
        this.shutdowns = new GracefulShutdown(hostName, LOG);
        this.snapshots = new VBoxSnapshots(hostName, vbm, this::ref, this::info);
        this.metrics = new VBoxMetrics(hostName, vbm, System::nanoTime);
        this.cloner = new VBoxClone(vbm, this::info);
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
        return VBoxCapabilities.ALL;
    }

    /** @return the host's VirtualBox release, asked once per driver */
    public VBoxVersion version() {
        VBoxVersion v = version;
        if (v != null) return v;
        synchronized (this) {
            if (version == null) {
                ExecResult r = vbm.ok(null, "--version");
                VBoxVersion parsed = VBoxVersion.parse(r.stdout());
                if (parsed == null) {
                    throw new CommandFailedException(hostName, null, r.command(), r.exitCode(), r.stdout(),
                            "no VirtualBox version in the output");
                }
                LOG.debug("{}: VirtualBox {}", hostName, parsed);
                version = parsed;
            }
            return version;
        }
    }

    /** One exec ({@link VBoxListScript}); each VM's {@code showvminfo} is judged as if run alone. */
    @Override
    public List<VmInfo> list() {
        VBoxListScript.Steps steps = VBoxListScript.run(vbm);
        VBoxVersion v = version();
        List<VmInfo> out = new ArrayList<>();
        for (VBoxParsers.VmRef ref : VBoxParsers.vms(steps.list().stdout())) {
            if (ref.inaccessible()) {
                out.add(new VmInfo(hostName, KIND, ref.name(), ref.uuid(), VmState.UNKNOWN, "inaccessible",
                        null, null, null, null, true, null));
                continue;
            }
            try {
                ExecResult show = vbm.require(ref.uuid(), steps.shows().get(ref.uuid()));
                out.add(VBoxParsers.machineReadable(show.stdout(), v).toVmInfo(hostName));
            } catch (VmNotFoundException e) {
                LOG.debug("{}: {} unregistered while listing", hostName, ref.name());
            }
        }
        return metrics.attach(out, steps.metrics());
    }

    @Override
    public VmInfo details(String vm) {
        return info(vm).toVmInfo(hostName);
    }

    @Override
    public OpResult start(String vm) {
        ExecResult r = vbm.run("startvm", ref(vm), "--type", "headless");
        if (!VBoxManage.failed(r)) return new OpResult("started", r.command());
        String why = VBoxParsers.errorText(r.stderr());
        if (!VBoxManage.isNotFound(why)) {
            MachineInfo i = info(vm);
            if (i.hasProcess()) {
                return new OpResult("already running" + ("running".equals(i.state()) ? "" : " (" + i.state() + ")"),
                        r.command());
            }
        }
        throw VBoxManage.failure(hostName, vm, r);
    }

    @Override
    public OpResult shutdown(String vm, ShutdownRequest request) {
        ExecResult r = vbm.run("controlvm", ref(vm), "acpipowerbutton");
        if (VBoxManage.failed(r)) {
            OpResult off = alreadyOff(vm, r);
            if (off != null) return off;
            throw VBoxManage.failure(hostName, vm, r);
        }
        return shutdowns.await(vm, request, r.command(), () -> isOff(vm), () -> {
            ExecResult d = vbm.runSlow("controlvm", ref(vm), "poweroff");
            return VBoxManage.failed(d) ? Forced.failed(d.command(), () -> VBoxManage.failure(hostName, vm, d))
                    : Forced.done(d.command());
        });
    }

    @Override
    public OpResult poweroff(String vm) {
        ExecResult r = vbm.runSlow("controlvm", ref(vm), "poweroff");
        if (!VBoxManage.failed(r)) return new OpResult("powered off", r.command());
        OpResult off = alreadyOff(vm, r);
        if (off != null) return off;
        throw VBoxManage.failure(hostName, vm, r);
    }

    @Override
    public OpResult reboot(String vm) {
        throw Operation.REBOOT.unsupported(hostName, vm, VBoxCapabilities.NO_REBOOT);
    }

    @Override
    public OpResult reset(String vm) {
        return new OpResult("reset", vbm.ok(vm, "controlvm", ref(vm), "reset").command());
    }

    @Override
    public OpResult pause(String vm) {
        return doneOrAlready(vm, vbm.run("controlvm", ref(vm), "pause"), "paused", "paused", "already paused");
    }

    @Override
    public OpResult resume(String vm) {
        return doneOrAlready(vm, vbm.run("controlvm", ref(vm), "resume"), "resumed", "running", "already running");
    }

    /** {@code controlvm savestate}: the VM is saved to disk and shows as suspended. */
    @Override
    public OpResult save(String vm) {
        return doneOrAlready(vm, vbm.runSlow("controlvm", ref(vm), "savestate"), "saved", "saved", "already saved");
    }

    /**
     * Config ({@code modifyvm --memory}, VM powered off) sets the configured RAM, which is also the
     * maximum; live goes through the guest memory balloon: balloon = configured - wanted.
     */
    @Override
    public OpResult setMemory(String vm, long mib, Set<Scope> scope, boolean max) {
        if (max) return new OpResult("maximum memory set to " + mib + " MiB (config)", modifyvm(vm, "--memory", mib));
        Resize r = resize(vm, scope, "--memory", mib);
        if (r.scope().contains(Scope.LIVE)) {
            requireRunning(vm, r.info());
            Long configured = r.info().memoryMiB();
            if (r.info().balloonMiB() == null || configured == null) {
                throw Operation.SET_MEMORY.unsupported(hostName, vm, "VirtualBox " + version()
                        + " reports no guest memory balloon for this VM, so memory cannot change while it runs;"
                        + " power it off and change the config");
            }
            if (mib > configured) {
                throw new InvalidRequestException(hostName, vm, null, "memory " + mib + " MiB exceeds the configured "
                        + configured + " MiB, the most a running VirtualBox VM can have; power it off and use"
                        + " --config or --max");
            }
            long balloon = configured - mib;
            r.commands().add(vbm.ok(vm, "controlvm", ref(vm), "guestmemoryballoon", Long.toString(balloon)).command());
            return new OpResult("memory set to " + mib + " MiB" + Scope.text(r.scope()) + " (balloon " + balloon
                    + " MiB)", r.joined());
        }
        return new OpResult("memory set to " + mib + " MiB" + Scope.text(r.scope()), r.joined());
    }

    /**
     * Config: {@code modifyvm --cpus} (VM powered off). Live: with CPU hot-plug, CPUs 1..N-1 are
     * plugged and N..max-1 unplugged ({@code controlvm plugcpu|unplugcpu ID}); VBoxManage does not
     * print which CPUs are plugged, so "already attached" / "not attached" answers are expected.
     */
    @Override
    public OpResult setVcpus(String vm, int count, Set<Scope> scope, boolean max) {
        if (max) return new OpResult("maximum vCPUs set to " + count + " (config)", modifyvm(vm, "--cpus", count));
        Resize r = resize(vm, scope, "--cpus", count);
        if (r.scope().contains(Scope.LIVE)) {
            requireRunning(vm, r.info());
            int possible = r.info().cpus() == null ? count : r.info().cpus();
            if (count > possible) {
                throw new InvalidRequestException(hostName, vm, null, count + " vCPUs exceed the VM's " + possible
                        + " (with CPU hot-plug its CPU count is the maximum); power it off and use --max");
            }
            try {
                for (int id = 1; id < count; id++) hotplug(vm, "plugcpu", id, "is already attached", r.commands());
                for (int id = possible - 1; id >= count; id--) hotplug(vm, "unplugcpu", id, "is not attached", r.commands());
            } catch (NotSupportedException e) {
                if (count == possible) {
                    return new OpResult("already " + count + " vCPUs (CPU hot-plug is off: all are always present)",
                            r.joined());
                }
                throw e;
            }
        }
        return new OpResult("vCPUs set to " + count + Scope.text(r.scope()), r.joined());
    }

    /** A resize under way: the VM as read first, the scopes it applies to, the commands run so far. */
    private record Resize(MachineInfo info, Set<Scope> scope, List<String> commands) {
        String joined() {
            return String.join(" && ", commands);
        }
    }

    /** Reads the VM, settles the scope (its state decides when none is given) and applies the config part. */
    private Resize resize(String vm, Set<Scope> scope, String option, long value) {
        MachineInfo i = info(vm);
        Resize r = new Resize(i, resolve(scope, i), new ArrayList<>(List.of(showCommand(vm))));
        if (r.scope().contains(Scope.CONFIG)) r.commands().add(modifyvm(vm, option, value));
        return r;
    }

    /** {@code modifyvm VM OPTION VALUE} (memory, cpus: only while the VM is powered off). @return its command */
    private String modifyvm(String vm, String option, long value) {
        return vbm.ok(vm, "modifyvm", ref(vm), option, Long.toString(value)).command();
    }

    private void hotplug(String vm, String action, int id, String harmless, List<String> cmds) {
        ExecResult r = vbm.run("controlvm", ref(vm), action, Integer.toString(id));
        cmds.add(r.command());
        if (!VBoxManage.failed(r)) return;
        String why = VBoxParsers.errorText(r.stderr());
        if (why.contains(harmless)) return;
        if (why.contains("hotplug is not enabled") || why.contains("hot-plug is not enabled")) {
            throw Operation.SET_VCPUS.unsupported(hostName, vm, "CPU hot-plug is off for this VM ("
                    + why + "); enable it while the VM is powered off: VBoxManage modifyvm VM --cpuhotplug on"
                    + " (its --cpus then is the maximum)");
        }
        throw VBoxManage.failure(hostName, vm, r);
    }

    /**
     * Creates a VDI next to the VM's settings file and attaches it to the first free port of a
     * SATA controller. A running VM takes it live (SATA hot-plug, which VirtualBox also keeps in
     * the config); an off VM without SATA controller gets one. If attaching fails the image is
     * closed and deleted again.
     */
    @Override
    public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
        MachineInfo i = info(vm);
        boolean running = i.hasProcess();
        Set<Scope> s = resolve(scope, i);
        if (running && !s.contains(Scope.LIVE)) {
            throw new InvalidRequestException(hostName, vm, null, "VirtualBox locks a running VM's config: attach"
                    + " live (VirtualBox keeps it in the config too) or power the VM off");
        }
        if (!running && s.contains(Scope.LIVE)) {
            throw new InvalidRequestException(hostName, vm, null, "the VM is not running (" + i.state()
                    + "); drop --live to attach to its config");
        }
        String folder = i.folder();
        if (folder == null) {
            throw new CommandFailedException(hostName, vm, showCommand(vm), 0, "", "showvminfo has no CfgFile");
        }
        List<String> cmds = new ArrayList<>(List.of(showCommand(vm)));
        String ctl = null;
        int port = -1;
        for (MachineInfo.Controller c : i.controllers()) {
            if (!c.sata()) continue;
            int p = i.freePort(c);
            if (p >= 0) {
                ctl = c.name();
                port = p;
                break;
            }
        }
        if (ctl == null) {
            if (running) {
                throw Operation.ATTACH_DISK.unsupported(hostName, vm, "a running VirtualBox VM"
                        + " takes a new disk only on a SATA controller with a free port (hot-plug), and this VM has"
                        + " none; power it off to attach the disk to its config");
            }
            boolean hasSata = i.controllers().stream().anyMatch(MachineInfo.Controller::sata);
            if (hasSata) {
                throw new InvalidRequestException(hostName, vm, null, "every port of the VM's SATA controllers is used");
            }
            ctl = freeControllerName(i);
            cmds.add(vbm.ok(vm, "storagectl", ref(vm), "--name", ctl, "--add", "sata", "--controller", "IntelAhci",
                    "--portcount", "4").command());
            port = 0;
        }
        String path = folder + "/" + fileSafe(i.name()) + "-disk-" + shortId() + ".vdi";
        cmds.add(vbm.okSlow(vm, "createmedium", "disk", "--filename", path, "--size", Long.toString(sizeMiB),
                "--format", "VDI").command());
        ExecResult a = vbm.run("storageattach", ref(vm), "--storagectl", ctl, "--port", Integer.toString(port),
                "--device", "0", "--type", "hdd", "--medium", path, "--hotpluggable", "on");
        cmds.add(a.command());
        if (VBoxManage.failed(a)) {
            VirtdeckException failure = VBoxManage.failure(hostName, vm, a);
            vbm.deleteMediumQuietly(vm, path, failure);
            throw failure;
        }
        return new OpResult("attached " + sizeMiB + " MiB disk " + path + " on " + ctl + " port " + port
                + (running ? " (live, kept in the config)" : " (config)"), String.join(" && ", cmds));
    }

    /** See {@link VBoxCreate}. */
    @Override
    public OpResult create(CreateSpec spec, boolean start) {
        return creator.create(spec, start, this::version);
    }

    @Override
    public OpResult delete(String vm, boolean withDisks, boolean force) {
        MachineInfo i = info(vm);
        List<String> cmds = new ArrayList<>(List.of(showCommand(vm)));
        if (i.hasProcess()) {
            if (!force) {
                throw new InvalidRequestException(hostName, vm, showCommand(vm),
                        "the VM is " + i.state() + "; stop it first or use --force");
            }
            cmds.add(vbm.okSlow(vm, "controlvm", ref(vm), "poweroff").command());
        }
        List<String> disks = new ArrayList<>();
        if (withDisks) {
            // --delete removes hard disk images, not the ISOs attached as DVDs
            for (String m : i.media()) if (!m.toLowerCase(Locale.ROOT).endsWith(".iso")) disks.add(m);
            cmds.add(vbm.okSlow(vm, "unregistervm", ref(vm), "--delete").command());
        } else {
            cmds.add(vbm.ok(vm, "unregistervm", ref(vm)).command());
        }
        String msg = withDisks ? "deleted with its files" + (disks.isEmpty() ? "" : " and disk image(s): "
                + String.join(", ", disks)) : "unregistered (files kept)";
        return new OpResult(msg, String.join(" && ", cmds));
    }

    /** @param force ignored: a UART socket takes one client, and VirtualBox has no take-over */
    @Override
    public ConsoleStream console(String vm, boolean force) {
        return VBoxConsole.open(vbm.ssh(), hostName, vm, info(vm));
    }

    /** Four execs: {@code list hostinfo}, {@code list systemproperties}, {@code list vms}, {@link HostFacts}. */
    @Override
    public HostInfo hostInfo() {
        Map<String, String> h = VBoxParsers.labels(vbm.ok(null, "list", "hostinfo").stdout());
        Map<String, String> s = VBoxParsers.labels(vbm.ok(null, "list", "systemproperties").stdout());
        int guests = VBoxParsers.vms(vbm.ok(null, "list", "vms").stdout()).size();
        HostFacts f = HostFacts.gather(vbm.ssh(), hostName);
        Long cpus = VBoxParsers.leadingNumber(h.getOrDefault("Processor online count", h.get("Processor count")));
        Long maxVcpus = VBoxParsers.leadingNumber(s.get("Maximum guest CPU count"));
        Long total = VBoxParsers.leadingNumber(h.get("Memory size"));
        Long free = VBoxParsers.leadingNumber(h.get("Memory available"));
        Map<String, String> extra = new LinkedHashMap<>();
        putIf(extra, "API version", s.get("API version"));
        Long maxRam = VBoxParsers.leadingNumber(s.get("Maximum guest RAM size"));
        if (maxRam != null) extra.put("max guest RAM", maxRam + " MiB");
        putIf(extra, "cpu model", h.get("Processor#0 description"));
        putIf(extra, "HW virtualization", h.get("Processor supports HW virtualization"));
        putIf(extra, "nested paging", h.get("Processor supports nested paging"));
        putIf(extra, "default machine folder", s.get("Default machine folder"));
        putIf(extra, "host OS", h.get("Operating system version"));
        return HostInfo.of(hostName, KIND, TRANSPORT, f, new HostInfo.Reported(null, "VirtualBox", version().raw(), null,
                cpus == null ? null : cpus.intValue(), total, free, maxVcpus == null ? null : maxVcpus.intValue(),
                guests), extra);
    }

    /** Nothing to release: the SSH connection belongs to the pool. */
    @Override
    public void close() {
    }

    // ---- helpers -------------------------------------------------------------------------------

    @Override
    public Snapshotting snapshotting() {
        return snapshots;
    }





    /** See {@link VBoxClone}. */
    @Override
    public OpResult clone(String vm, String newName, boolean start) {
        return cloner.clone(vm, ref(vm), newName, start);
    }

    /**
     * {@code modifyvm --autostart-enabled on|off}: only marks the VM; the host's autostart service
     * (vboxautostart-service with VBOXAUTOSTART_DB/CONFIG) must be set up to act on it. VirtualBox
     * changes it only while the VM is powered off.
     */
    @Override
    public OpResult setAutostart(String vm, boolean on) {
        String cmd = vbm.ok(vm, "modifyvm", ref(vm), "--autostart-enabled", on ? "on" : "off").command();
        return new OpResult(on ? "autostart on (acted on by the host's vboxautostart service, if configured)"
                : "autostart off", cmd);
    }

    /** {@code showvminfo VM --machinereadable}, parsed for this host's version. */
    MachineInfo info(String vm) {
        VBoxVersion v = version();
        ExecResult r = vbm.ok(vm, "showvminfo", ref(vm), "--machinereadable");
        return VBoxParsers.machineReadable(r.stdout(), v);
    }

    /**
     * The word naming {@code vm} to VBoxManage: the name itself, or the VM's UUID when the name
     * starts with '-', which VBoxManage's option parser (RTGetOpt) would take for an option.
     */
    private String ref(String vm) {
        if (vm == null || !vm.startsWith("-")) return vm;
        ExecResult r = vbm.ok(vm, "list", "vms");
        return VBoxParsers.vms(r.stdout()).stream().filter(x -> x.name().equals(vm)).map(VBoxParsers.VmRef::uuid)
                .findFirst().orElseThrow(() -> new VmNotFoundException(hostName, vm, r.command(),
                        "no VM of this name is registered"));
    }

    private static String showCommand(String vm) {
        return VBoxManage.command(List.of("showvminfo", vm, "--machinereadable")).shellLine();
    }

    /** After a failed stop: an unknown VM is reported as such; a VM without process is "already off". */
    private OpResult alreadyOff(String vm, ExecResult failed) {
        if (VBoxManage.isNotFound(VBoxParsers.errorText(failed.stderr()))) return null;
        MachineInfo i = info(vm);
        if (i.hasProcess()) return null;
        return new OpResult("poweroff".equals(i.state()) ? "already shut off" : "already off (" + i.state() + ")",
                failed.command());
    }

    /**
     * A state change's result: done, or "already" when it failed because the VM was in
     * {@code target} by then (VBoxManage refuses to pause a paused VM); else its failure.
     */
    private OpResult doneOrAlready(String vm, ExecResult r, String done, String target, String already) {
        if (!VBoxManage.failed(r)) return new OpResult(done, r.command());
        if (stateAfterFailure(vm, r).equals(target)) return new OpResult(already, r.command());
        throw VBoxManage.failure(hostName, vm, r);
    }

    /** @return the VM's state word after a failed action; an unknown VM throws */
    private String stateAfterFailure(String vm, ExecResult failed) {
        if (VBoxManage.isNotFound(VBoxParsers.errorText(failed.stderr()))) {
            throw VBoxManage.failure(hostName, vm, failed);
        }
        String st = info(vm).state();
        return st == null ? "" : st;
    }

    /** @return true when the VM has no process any more, or is gone */
    private boolean isOff(String vm) {
        try {
            return !info(vm).hasProcess();
        } catch (VmNotFoundException e) {
            return true;
        }
    }

    /** Empty scope = live if the VM has a process, config if not. */
    private static Set<Scope> resolve(Set<Scope> requested, MachineInfo i) {
        if (!requested.isEmpty()) return EnumSet.copyOf(requested);
        return EnumSet.of(i.hasProcess() ? Scope.LIVE : Scope.CONFIG);
    }

    private void requireRunning(String vm, MachineInfo i) {
        if (!i.hasProcess()) {
            throw new InvalidRequestException(hostName, vm, null, "the VM is not running (" + i.state()
                    + "); drop --live to change its config");
        }
    }



    /** A file name from a VM name: anything but letters, digits, '.', '_' and '-' becomes '_'. */
    static String fileSafe(String name) {
        String s = name == null ? "vm" : name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() || s.startsWith(".") ? "vm" + s : s;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** @return "SATA", or "SATA 2", ... when a non-AHCI controller already has that name */
    private static String freeControllerName(MachineInfo i) {
        String name = SATA;
        for (int n = 2; taken(i, name); n++) name = SATA + " " + n;
        return name;
    }

    private static boolean taken(MachineInfo i, String name) {
        return i.controllers().stream().anyMatch(c -> c.name().equals(name));
    }

    private static void putIf(Map<String, String> m, String key, String value) {
        if (value != null && !value.isBlank()) m.put(key, value);
    }




    // ---- show ----------------------------------------------------------------------------------

    /**
     * One {@code showvminfo --machinereadable}: storage slots, NICs, UARTs and autostart
     * ({@link VBoxShow}); for a running VM with a NIC also {@code guestproperty enumerate} for the
     * addresses its Guest Additions report. That second read failing only loses the addresses.
     */
    @Override
    public VmDetails describe(String vm) {
        MachineInfo i = info(vm);
        java.util.Map<String, String> props = null;
        if (VBoxShow.wantsGuestProperties(i)) {
            ExecResult r = vbm.run("guestproperty", "enumerate", i.uuid() != null ? i.uuid() : ref(vm));
            if (!VBoxManage.failed(r)) props = VBoxGuestNet.parse(r.stdout());
        }
        return VBoxShow.details(i, hostName, props);
    }

    /** {@code showvminfo --machinereadable} as VBoxManage prints it. */
    @Override
    public String rawConfig(String vm) {
        return vbm.ok(vm, "showvminfo", ref(vm), "--machinereadable").stdout();
    }
}
