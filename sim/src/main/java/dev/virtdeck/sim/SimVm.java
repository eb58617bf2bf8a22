package dev.virtdeck.sim;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One simulated VM. Mutable and thread-safe: every accessor synchronizes on the VM, and multi-step
 * operations of the emulated tools hold the VM's monitor for their whole check-then-act.
 *
 * <p>Memory and vCPUs are kept as current/max pairs. For VirtualBox, {@code memory=} is the max and the
 * difference is the guest memory balloon; {@code cpus=} is the max and, with CPU hot-plug on, the current count
 * is the number of plugged CPUs (without hot-plug they are always equal).
 */
public final class SimVm {

    /** A storage controller ({@code storagectl}). */
    public record Controller(String name, String bus, String type, int portCount, int maxPortCount,
                             int devicesPerPort, boolean bootable) {}

    /**
     * A libvirt/Xen block device: {@code target} is the guest device (vda, xvdb), {@code source} the host file,
     * {@code format} the image format (qcow2, raw), {@code live}/{@code config} where it is attached.
     */
    public record Disk(String target, String source, String format, boolean live, boolean config) {}

    /** What sits on one controller port/device: a medium path, or {@code "emptydrive"}. */
    public record Attachment(String controller, int port, int device, String deviceType, String medium,
                             String mediumUuid) {}

    /** Memory (MiB) and vCPUs both come as current/max, checked the same way: 0 < current <= max. */
    private record CurMax(int cur, int max) {
        static CurMax checked(String what, int cur, int max) {
            if (cur > max || cur <= 0) {
                throw new IllegalArgumentException(what + " current " + cur + " / max " + max);
            }
            return new CurMax(cur, max);
        }
    }

    private final Clock clock;
    private final String uuid;
    private String name;
    private String ostype = "Ubuntu (64-bit)";
    private String baseFolder;
    private VmPowerState state = VmPowerState.POWEROFF;
    private Instant stateSince;
    private CurMax memoryMb = new CurMax(1024, 1024);
    private CurMax vcpus = new CurMax(1, 1);
    private boolean cpuHotplug;
    private boolean acpiHonoured = true;
    private String uartServerPath;
    private final List<Controller> controllers = new ArrayList<>();
    private final List<Disk> disks = new ArrayList<>();
    private int domid = -1;
    private boolean persistent = true;
    private boolean autostart;
    private String stateReason = "unknown";
    private long cpuTimeNs;
    private String xenConfigPath;
    private Object consoleHolder;
    private Instant metricsSince;
    private int metricsPeriodSeconds = 1;
    private boolean guestAdditions;
    private final Map<String, Attachment> attachments = new LinkedHashMap<>();

    SimVm(String name, String uuid, String baseFolder, Clock clock) {
        this.name = name;
        this.uuid = uuid == null ? UUID.randomUUID().toString() : uuid;
        this.baseFolder = baseFolder;
        this.clock = clock;
        this.stateSince = clock.instant();
    }

    public synchronized String name() {
        return name;
    }

    synchronized void rename(String newName) {
        this.name = newName;
    }

    public String uuid() {
        return uuid;
    }

    public synchronized String ostype() {
        return ostype;
    }

    public synchronized SimVm ostype(String t) {
        this.ostype = t;
        return this;
    }

    /** Folder holding the VM's directory (VirtualBox {@code --basefolder}). */
    public synchronized String baseFolder() {
        return baseFolder;
    }

    /** The VirtualBox settings file path: {@code <basefolder>/<name>/<name>.vbox}. */
    public synchronized String settingsFile() {
        return baseFolder + "/" + name + "/" + name + ".vbox";
    }

    public synchronized VmPowerState state() {
        return state;
    }

    /** Sets the power state and its change time (as a tool would on a transition). */
    public synchronized SimVm state(VmPowerState s) {
        if (s != state) {
            if (state == VmPowerState.RUNNING) {
                cpuTimeNs = cpuTimeNs();
            }
            this.state = s;
            this.stateSince = clock.instant();
            if (!s.hasProcess()) {
                domid = -1; // a restarted domain gets a new id
                metricsSince = null; // VirtualBox drops a VM's metric settings when it stops
            }
            this.stateReason = switch (s) {
                case RUNNING -> "booted";
                case PAUSED -> "user";
                case SAVED -> "saved";
                case ABORTED, ABORTED_SAVED, GURU_MEDITATION -> "crashed";
                case POWEROFF -> "shutdown";
            };
        }
        return this;
    }

    public synchronized Instant stateSince() {
        return stateSince;
    }

    synchronized void touchState() {
        this.stateSince = clock.instant();
    }

    public synchronized int memoryMaxMb() {
        return memoryMb.max();
    }

    public synchronized int memoryCurMb() {
        return memoryMb.cur();
    }

    /** Sets max and current memory in MiB (current must not exceed max). */
    public synchronized SimVm memory(int curMb, int maxMb) {
        this.memoryMb = CurMax.checked("memory", curMb, maxMb);
        return this;
    }

    /** Sets memory with current == max. */
    public SimVm memory(int mb) {
        return memory(mb, mb);
    }

    public synchronized int vcpusMax() {
        return vcpus.max();
    }

    public synchronized int vcpusCur() {
        return vcpus.cur();
    }

    /** Sets current and max vCPUs (current may be below max only with CPU hot-plug for VirtualBox). */
    public synchronized SimVm vcpus(int cur, int max) {
        this.vcpus = CurMax.checked("vcpus", cur, max);
        return this;
    }

    public SimVm vcpus(int n) {
        return vcpus(n, n);
    }

    public synchronized boolean cpuHotplug() {
        return cpuHotplug;
    }

    public synchronized SimVm cpuHotplug(boolean on) {
        this.cpuHotplug = on;
        return this;
    }

    /** Whether the guest powers off on an ACPI power button (false = a "deaf" guest). */
    public synchronized boolean acpiHonoured() {
        return acpiHonoured;
    }

    public synchronized SimVm acpiHonoured(boolean on) {
        this.acpiHonoured = on;
        return this;
    }

    /** The host path of the UART1 server-mode unix socket, or null when UART1 is off. */
    public synchronized String uartServerPath() {
        return uartServerPath;
    }

    /** Turns UART1 on in server mode on the given socket path (null turns it off). */
    public synchronized SimVm uartServer(String path) {
        this.uartServerPath = path;
        return this;
    }

    public synchronized List<Controller> controllers() {
        return List.copyOf(controllers);
    }

    public synchronized SimVm addController(Controller c) {
        controllers.removeIf(x -> x.name().equals(c.name()));
        controllers.add(c);
        return this;
    }

    synchronized boolean removeController(String ctlName) {
        attachments.values().removeIf(a -> a.controller().equals(ctlName));
        return controllers.removeIf(x -> x.name().equals(ctlName));
    }

    synchronized Controller controller(String ctlName) {
        return controllers.stream().filter(c -> c.name().equals(ctlName)).findFirst().orElse(null);
    }

    public synchronized List<Attachment> attachments() {
        return List.copyOf(attachments.values());
    }

    synchronized Attachment attachment(String ctl, int port, int device) {
        return attachments.get(ctl + "-" + port + "-" + device);
    }

    /** Attaches a medium (or replaces what is there); a null medium detaches. */
    public synchronized SimVm attach(String ctl, int port, int device, String deviceType, String medium,
                                     String mediumUuid) {
        String key = ctl + "-" + port + "-" + device;
        if (medium == null) {
            attachments.remove(key);
        } else {
            attachments.put(key, new Attachment(ctl, port, device, deviceType, medium, mediumUuid));
        }
        return this;
    }

    // ---- libvirt / Xen ------------------------------------------------------------------------------------

    /** Block devices (libvirt {@code <disk>}, Xen vbd), in attach order. */
    public synchronized List<Disk> disks() {
        return List.copyOf(disks);
    }

    /** Adds a block device attached both live and in the config. */
    public synchronized SimVm disk(String target, String source) {
        return addDisk(new Disk(target, source, "qcow2", true, true));
    }

    synchronized SimVm addDisk(Disk d) {
        disks.removeIf(x -> x.target().equals(d.target()));
        disks.add(d);
        return this;
    }

    synchronized void removeDisk(String target) {
        disks.removeIf(x -> x.target().equals(target));
    }

    /**
     * One snapshot (libvirt's model: a tree by parent, one of them current).
     *
     * @param created epoch seconds
     * @param state   the VM's state when it was taken
     */
    public record Snapshot(String name, String description, long created, VmPowerState state, String parent) {}

    private final List<Snapshot> snapshots = new ArrayList<>();
    private String currentSnapshot;

    /** @return the snapshots, oldest first */
    public synchronized List<Snapshot> snapshots() {
        return List.copyOf(snapshots);
    }

    /** @return the current snapshot's name, or null */
    public synchronized String currentSnapshot() {
        return currentSnapshot;
    }

    /** Adds a snapshot on top of the current one and makes it current. */
    public synchronized Snapshot takeSnapshot(String name, String description, long created) {
        Snapshot s = new Snapshot(name, description, created, state(), currentSnapshot);
        snapshots.add(s);
        currentSnapshot = name;
        return s;
    }

    /** Makes {@code name} current (after a revert). */
    public synchronized void currentSnapshot(String name) {
        currentSnapshot = name;
    }

    /** Removes a snapshot: its children get its parent, and so does "current" if it was this one. */
    public synchronized void removeSnapshot(String name) {
        Snapshot gone = snapshots.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        snapshots.remove(gone);
        snapshots.replaceAll(s -> name.equals(s.parent())
                ? new Snapshot(s.name(), s.description(), s.created(), s.state(), gone.parent()) : s);
        if (name.equals(currentSnapshot)) currentSnapshot = gone.parent();
    }

    /** Whether libvirt starts the VM with libvirtd (virsh autostart). */
    public synchronized boolean autostart() {
        return autostart;
    }

    public synchronized SimVm autostart(boolean on) {
        this.autostart = on;
        return this;
    }

    /**
     * The first NIC's attachment, VirtualBox's words: {@code nat}, {@code bridged}, {@code none},
     * ...; with {@code bridged}, {@link #nicTarget()} is the host interface.
     */
    private String nicMode = "nat";
    private String nicTarget;

    public synchronized String nicMode() {
        return nicMode;
    }

    public synchronized String nicTarget() {
        return nicTarget;
    }

    public synchronized SimVm nic(String mode, String target) {
        this.nicMode = mode;
        this.nicTarget = target;
        return this;
    }

    /** Whether the VM is persistent (libvirt: defined; a transient VM vanishes when it stops). */
    public synchronized boolean persistent() {
        return persistent;
    }

    public synchronized SimVm persistent(boolean on) {
        this.persistent = on;
        return this;
    }

    /** libvirt's state reason word ("booted", "user", "destroyed", "shutdown", "saved", ...). */
    public synchronized String stateReason() {
        return stateReason;
    }

    /** Sets the power state together with libvirt's reason word. */
    public synchronized SimVm state(VmPowerState s, String reason) {
        state(s);
        this.stateReason = reason;
        return this;
    }

    /** The hypervisor's domain id while the VM has a process (assigned by the host on first use), else -1. */
    synchronized int domid() {
        if (!state.hasProcess()) {
            domid = -1;
        }
        return domid;
    }

    synchronized void domid(int id) {
        this.domid = id;
    }

    /** Accumulated CPU time in ns: grows with the time spent running (a simple, monotonic stand-in). */
    public synchronized long cpuTimeNs() {
        if (state == VmPowerState.RUNNING) {
            long ran = java.time.Duration.between(stateSince, clock.instant()).toNanos();
            return cpuTimeNs + Math.max(0, ran / 50); // an idle guest uses ~2 % of a CPU
        }
        return cpuTimeNs;
    }

    /** The path of the Xen domain config this VM was created from, or null. */
    public synchronized String xenConfigPath() {
        return xenConfigPath;
    }

    public synchronized SimVm xenConfigPath(String path) {
        this.xenConfigPath = path;
        return this;
    }

    /**
     * Takes the VM's console for a new session. Returns a token, or null when another session holds it and
     * {@code force} is false; with {@code force} the other session loses the console (its loop ends).
     */
    synchronized Object takeConsole(boolean force) {
        if (consoleHolder != null && !force) {
            return null;
        }
        consoleHolder = new Object();
        return consoleHolder;
    }

    synchronized boolean holdsConsole(Object token) {
        return consoleHolder == token;
    }

    synchronized void releaseConsole(Object token) {
        if (consoleHolder == token) {
            consoleHolder = null;
        }
    }

    /** The guest's hostname as its console shell reports it (derived from the VM name). */
    public synchronized String guestHostname() {
        String h = name.toLowerCase().replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return h.isEmpty() ? "guest" : h;
    }

    /**
     * VirtualBox metrics: collection set up ({@code VBoxManage metrics setup}) at {@code at} with a
     * sampling period; the first sample exists one period later. Cleared when the VM stops.
     */
    synchronized void metricsSetup(Instant at, int periodSeconds) {
        this.metricsSince = at;
        this.metricsPeriodSeconds = periodSeconds;
    }

    /** @return true when VirtualBox would hold a collected sample of this VM's metrics now */
    synchronized boolean metricsCollected() {
        return metricsSince != null && state.hasProcess()
                && !clock.instant().isBefore(metricsSince.plusSeconds(metricsPeriodSeconds));
    }

    /** Whether the guest runs the VirtualBox Guest Additions (which report the guest's own memory use). */
    public synchronized boolean guestAdditions() {
        return guestAdditions;
    }

    public synchronized SimVm guestAdditions(boolean on) {
        this.guestAdditions = on;
        return this;
    }

    private String guestAddress;

    /**
     * The IPv4 address the guest holds on NIC 1 (as its tools report it); null: VirtualBox NAT's
     * usual 10.0.2.15 on a NAT NIC, none otherwise.
     */
    public synchronized String guestAddress() {
        if (guestAddress != null) return guestAddress;
        return "nat".equals(nicMode) ? "10.0.2.15" : null;
    }

    public synchronized SimVm guestAddress(String ip) {
        this.guestAddress = ip;
        return this;
    }

    @Override
    public synchronized String toString() {
        return "SimVm[" + name + " " + uuid + " " + state + "]";
    }
}
