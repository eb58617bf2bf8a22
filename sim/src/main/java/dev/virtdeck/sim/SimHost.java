package dev.virtdeck.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One simulated hypervisor host: its kind, its VMs and its fault knobs. Thread-safe; serve it with a
 * {@link SimServer}.
 *
 * <pre>{@code
 * SimHost host = SimHost.vbox("vbox1", VBoxVersion.V6_1);
 * host.addVm("web 1").memory(2048).vcpus(2).state(VmPowerState.RUNNING);
 * host.latency(Duration.ofMillis(50));
 * host.failCommand("startvm", 1, "VBoxManage: error: boom\n");
 * }</pre>
 */
public final class SimHost {

    /** A scripted failure for commands whose argv contains {@link #words} in order (program by basename). */
    public record Failure(List<String> words, int exitCode, String stdout, String stderr) {
        boolean matches(List<String> argv) {
            int w = 0;
            for (int i = 0; i < argv.size() && w < words.size(); i++) {
                String a = i == 0 ? argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1) : argv.get(i);
                if (a.equals(words.get(w))) {
                    w++;
                }
            }
            return w == words.size();
        }
    }

    /**
     * A registered VirtualBox medium ({@code createmedium}).
     *
     * @param parent the UUID of a differencing image's parent ({@code createmedium --diffparent}), else null
     */
    public record Medium(String path, String uuid, long sizeMb, String format, String parent) {
        public Medium(String path, String uuid, long sizeMb, String format) {
            this(path, uuid, sizeMb, format, null);
        }
    }

    private final HostKind kind;
    private final String hostname;
    private final VBoxVersion vboxVersion;
    private final Clock clock;
    private final Map<String, SimVm> vms = new LinkedHashMap<>();
    private final Map<String, Medium> media = new LinkedHashMap<>();
    private final Set<String> tools = new LinkedHashSet<>();
    /** Host bridges a Xen vif can join (vif-bridge fails on others); Debian's usual xenbr0 by default. */
    private final Set<String> bridges = new LinkedHashSet<>(List.of("xenbr0"));
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<String> commandLog = new CopyOnWriteArrayList<>();
    private final List<List<String>> argvLog = new CopyOnWriteArrayList<>();
    private final List<Consumer<Boolean>> refuseListeners = new CopyOnWriteArrayList<>();
    private final SimFiles files = new SimFiles();
    private int lastDomid;
    private volatile int cpus = 4;
    private volatile long memoryMb = 16384;
    private volatile long dom0MemoryMb = 1024;
    private volatile String home = "/root";
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean refuseConnections;
    private volatile boolean hangOnConnect;
    private volatile boolean hangAfterAuth;
    private volatile LoginShell loginShell = LoginShell.BASH;
    private volatile Duration progressStep = Duration.ofMillis(5);
    private volatile Duration acpiShutdownDelay = Duration.ofMillis(300);
    /** vmx, svm or none: what /proc/cpuinfo's flags show; null = by kind (KVM and VirtualBox hosts: vmx). */
    private volatile String virtFlag;
    /** /dev/kvm exists; null = by kind (KVM hosts only). */
    private volatile Boolean devKvm;
    /** A guest booted under KVM reaches its kernel (false: the nested-without-vmx machine whose KVM hangs). */
    private volatile boolean kvmBoots = true;

    private SimHost(HostKind kind, String hostname, VBoxVersion vboxVersion, Clock clock) {
        this.kind = kind;
        this.hostname = hostname;
        this.vboxVersion = vboxVersion;
        this.clock = clock;
        tools.addAll(kind.toolPaths());
        tools.add("/bin/sh");
        if (kind == HostKind.VBOX) {
            tools.add("/usr/bin/socat");
            tools.add("/usr/bin/nc");
        }
        if (kind == HostKind.KVM) {
            tools.add("/usr/bin/qemu-img");
            tools.add("/usr/bin/qemu-system-x86_64");
        }
        for (String t : List.of("/usr/bin/cat", "/usr/bin/cp", "/usr/bin/rm", "/usr/bin/test", "/usr/bin/tee", "/usr/bin/ln", "/usr/bin/readlink",
                "/usr/bin/find")) {
            tools.add(t);
        }
    }

    /** A VirtualBox host emulating the given VBoxManage version. */
    public static SimHost vbox(String hostname, VBoxVersion version) {
        return new SimHost(HostKind.VBOX, hostname, version, Clock.systemUTC());
    }

    /** A host of any kind (VirtualBox hosts default to 7.0). */
    public static SimHost of(HostKind kind, String hostname) {
        return new SimHost(kind, hostname, kind == HostKind.VBOX ? VBoxVersion.V7_0 : null, Clock.systemUTC());
    }

    public HostKind kind() {
        return kind;
    }

    public String hostname() {
        return hostname;
    }

    /** The emulated VirtualBox version, or null for non-VirtualBox hosts. */
    public VBoxVersion vboxVersion() {
        return vboxVersion;
    }

    Clock clock() {
        return clock;
    }

    /** The login user's home directory (default /root): VirtualBox's default machine folder lives below it. */
    public String home() {
        return home;
    }

    public SimHost home(String dir) {
        this.home = dir;
        return this;
    }

    // ---- VMs ---------------------------------------------------------------------------------------------

    /** Registers a new powered-off VM with a random UUID under {@code <home>/VirtualBox VMs}. */
    public SimVm addVm(String name) {
        return addVm(name, null);
    }

    /** Registers a new powered-off VM with the given UUID (null = random). */
    public synchronized SimVm addVm(String name, String uuid) {
        if (findVm(name).isPresent()) {
            throw new IllegalArgumentException("VM already exists: " + name);
        }
        SimVm vm = new SimVm(name, uuid, home + "/VirtualBox VMs", clock);
        vms.put(vm.uuid(), vm);
        return vm;
    }

    synchronized SimVm register(String name, String uuid, String baseFolder) {
        SimVm vm = new SimVm(name, uuid, baseFolder, clock);
        vms.put(vm.uuid(), vm);
        return vm;
    }

    synchronized boolean unregister(SimVm vm) {
        return vms.remove(vm.uuid()) != null;
    }

    /** All VMs in registration order. */
    public synchronized List<SimVm> vms() {
        return List.copyOf(vms.values());
    }

    /** Finds a VM by name or UUID (with or without braces), the way the tools accept either. */
    public synchronized Optional<SimVm> findVm(String nameOrUuid) {
        String key = nameOrUuid.startsWith("{") && nameOrUuid.endsWith("}")
                ? nameOrUuid.substring(1, nameOrUuid.length() - 1) : nameOrUuid;
        SimVm byUuid = vms.get(key.toLowerCase(Locale.ROOT));
        if (byUuid != null) {
            return Optional.of(byUuid);
        }
        return vms.values().stream().filter(v -> v.name().equals(nameOrUuid)).findFirst();
    }

    /** The VM with this name; fails when there is none (test convenience). */
    public SimVm vm(String name) {
        return findVm(name).orElseThrow(() -> new IllegalArgumentException("no VM " + name));
    }

    synchronized Optional<Medium> medium(String pathOrUuid) {
        Medium m = media.get(pathOrUuid);
        if (m != null) {
            return Optional.of(m);
        }
        return media.values().stream().filter(x -> x.uuid().equals(pathOrUuid)).findFirst();
    }

    /** Registers a medium (an ISO or disk image the host has), as if made or added earlier. */
    public synchronized void addMedium(Medium m) {
        media.put(m.path(), m);
    }

    synchronized void removeMedium(String path) {
        media.remove(path);
    }

    /** Registered media (disk images), in creation order. */
    public synchronized List<Medium> media() {
        return List.copyOf(media.values());
    }

    // ---- KVM / Xen ---------------------------------------------------------------------------------------

    /** The host's fake file table (disk images, Xen domain configs): nothing touches the real disk. */
    public SimFiles files() {
        return files;
    }

    /**
     * Adds a powered-off Xen guest (PV, kernel boot) and writes its config {@code /etc/xen/NAME.cfg}
     * ({@code memory}/{@code maxmem} in MiB, {@code vcpus}/{@code maxvcpus}) to the file table, in the layout of
     * the real lab's domu.cfg. Seed a running domain with {@code .state(VmPowerState.RUNNING)}.
     */
    public SimVm addXenGuest(String name, int memoryMb, int maxMemMb, int vcpus, int maxVcpus) {
        String path = "/etc/xen/" + name + ".cfg";
        files.put(path, XenConfig.render(name, memoryMb, maxMemMb, vcpus, maxVcpus));
        return addVm(name).memory(memoryMb, maxMemMb).vcpus(vcpus, maxVcpus).xenConfigPath(path);
    }

    /** The domain id of a VM with a process (assigned in start order, Domain-0 is 0), else -1. */
    synchronized int domid(SimVm vm) {
        synchronized (vm) {
            int id = vm.domid();
            if (id < 0 && vm.state().hasProcess()) {
                id = ++lastDomid;
                vm.domid(id);
            }
            return id;
        }
    }

    /** Physical CPUs (nodeinfo, xl info, /proc/cpuinfo in the host facts). Default 4. */
    public SimHost cpus(int n) {
        this.cpus = n;
        return this;
    }

    public int cpus() {
        return cpus;
    }

    /** Physical memory in MiB (nodeinfo, xl info total_memory, MemTotal). Default 16384. */
    public SimHost memoryMb(long mb) {
        this.memoryMb = mb;
        return this;
    }

    public long memoryMb() {
        return memoryMb;
    }

    /** Domain-0's memory on a Xen host, in MiB (default 1024). */
    public SimHost dom0MemoryMb(long mb) {
        this.dom0MemoryMb = mb;
        return this;
    }

    public long dom0MemoryMb() {
        return dom0MemoryMb;
    }

    /** Free memory: total minus what running guests (and Domain-0 on Xen) use, in MiB. */
    public long freeMemoryMb() {
        long used = vms().stream().filter(v -> v.state().hasProcess()).mapToLong(SimVm::memoryCurMb).sum();
        if (kind == HostKind.XEN || kind == HostKind.XM) {
            used += dom0MemoryMb;
        }
        return Math.max(0, memoryMb - used);
    }

    // ---- virtualization hardware (host facts, host-check) ----------------------------------------------

    /** What the CPU flags show: "vmx", "svm" or "none" (default: vmx on KVM and VirtualBox hosts, none on Xen). */
    public SimHost virtFlag(String flag) {
        if (!List.of("vmx", "svm", "none").contains(flag)) throw new IllegalArgumentException("vmx, svm or none: " + flag);
        this.virtFlag = flag;
        return this;
    }

    public String virtFlag() {
        String f = virtFlag;
        if (f != null) return f;
        return kind == HostKind.KVM || kind == HostKind.VBOX ? "vmx" : "none";
    }

    /** Whether /dev/kvm exists (default: on KVM hosts). */
    public SimHost devKvm(boolean present) {
        this.devKvm = present;
        return this;
    }

    public boolean devKvm() {
        Boolean d = devKvm;
        return d != null ? d : kind == HostKind.KVM;
    }

    /** Whether a guest booted under KVM reaches its kernel (default true; false: KVM present but broken). */
    public SimHost kvmBoots(boolean boots) {
        this.kvmBoots = boots;
        return this;
    }

    public boolean kvmBoots() {
        return kvmBoots;
    }

    // ---- installed programs ------------------------------------------------------------------------------

    /** Absolute paths of the programs {@code command -v} finds on this host. */
    public synchronized Set<String> tools() {
        return Set.copyOf(tools);
    }

    /** Removes a program by basename (e.g. "socat") so the host behaves as if it was never installed. */
    public synchronized SimHost removeTool(String basename) {
        tools.removeIf(p -> p.substring(p.lastIndexOf('/') + 1).equals(basename));
        return this;
    }

    /** Installs a program at an absolute path. */
    public synchronized SimHost addTool(String path) {
        tools.add(path);
        return this;
    }

    /** Adds host bridges (a Xen host starts with xenbr0). */
    public synchronized SimHost addBridge(String name) {
        bridges.add(name);
        return this;
    }

    synchronized boolean hasBridge(String name) {
        return bridges.contains(name);
    }

    synchronized Optional<String> toolPath(String basename) {
        return tools.stream().filter(p -> p.substring(p.lastIndexOf('/') + 1).equals(basename)).findFirst();
    }

    // ---- knobs -------------------------------------------------------------------------------------------

    /** Delay added before every command answers (measurable from the client). */
    public SimHost latency(Duration d) {
        this.latency = d;
        return this;
    }

    public Duration latency() {
        return latency;
    }

    /**
     * Refuse connections: the listening socket is closed (clients get "Connection refused");
     * turning it off rebinds the same port.
     */
    public SimHost refuseConnections(boolean on) {
        this.refuseConnections = on;
        refuseListeners.forEach(l -> l.accept(on));
        return this;
    }

    public boolean refuseConnections() {
        return refuseConnections;
    }

    void onRefuseChange(Consumer<Boolean> listener) {
        refuseListeners.add(listener);
    }

    /** Accept TCP connections but never send the SSH banner (clients hang until their own timeout). */
    public SimHost hangOnConnect(boolean on) {
        this.hangOnConnect = on;
        return this;
    }

    public boolean hangOnConnect() {
        return hangOnConnect;
    }

    /** Authenticate normally, then never answer any command (the channel stays open, silent). */
    public SimHost hangAfterAuth(boolean on) {
        this.hangAfterAuth = on;
        return this;
    }

    public boolean hangAfterAuth() {
        return hangAfterAuth;
    }

    /**
     * Makes every command whose argv contains {@code words} (space-separated, in order; the program matched
     * by basename) fail with the given exit code and stderr, before the emulated tool runs. Example:
     * {@code failCommand("startvm", 1, "VBoxManage: error: ...\n")} or {@code failCommand("controlvm poweroff", ...)}.
     */
    public SimHost failCommand(String words, int exitCode, String stderr) {
        return failCommand(words, exitCode, "", stderr);
    }

    public SimHost failCommand(String words, int exitCode, String stdout, String stderr) {
        failures.add(new Failure(Arrays.asList(words.trim().split("\\s+")), exitCode, stdout, stderr));
        return this;
    }

    public SimHost clearFailures() {
        failures.clear();
        return this;
    }

    Optional<Failure> failureFor(List<String> argv) {
        return failures.stream().filter(f -> f.matches(argv)).findFirst();
    }

    /** Which login shell interprets the command line (default bash, like Debian's root). */
    public SimHost loginShell(LoginShell shell) {
        this.loginShell = shell;
        return this;
    }

    public LoginShell loginShell() {
        return loginShell;
    }

    /** Delay between the "10%..." steps of VBoxManage progress output (default 5 ms). */
    public SimHost progressStep(Duration d) {
        this.progressStep = d;
        return this;
    }

    Duration progressStep() {
        return progressStep;
    }

    /** How long an ACPI-honouring guest takes to power off after the power button (default 300 ms). */
    public SimHost acpiShutdownDelay(Duration d) {
        this.acpiShutdownDelay = d;
        return this;
    }

    Duration acpiShutdownDelay() {
        return acpiShutdownDelay;
    }

    // ---- command log -------------------------------------------------------------------------------------

    void logCommand(String line) {
        commandLog.add(line);
    }

    void logArgv(List<String> argv) {
        argvLog.add(List.copyOf(argv));
    }

    /**
     * The argv of every command line the login shell parsed and accepted, in arrival order: what a real
     * shell would have passed to {@code execve}. A test proves no piece of a VM name ran as a command by
     * finding the name here as one whole word.
     */
    public List<List<String>> argvLog() {
        return new ArrayList<>(argvLog);
    }

    /** Every command line received over SSH, verbatim, in arrival order (for asserting what clients send). */
    public List<String> commandLog() {
        return new ArrayList<>(commandLog);
    }

    @Override
    public String toString() {
        return "SimHost[" + hostname + " " + kind + (vboxVersion == null ? "" : " " + vboxVersion) + "]";
    }
}
