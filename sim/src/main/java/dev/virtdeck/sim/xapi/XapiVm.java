package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.MiB;
import static dev.virtdeck.sim.xapi.Records.struct;

import dev.virtdeck.sim.HostExtensions;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VmPowerState;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One VM of a {@link SimXapiPool} (also templates and control domains). The fluent setters seed state for demos
 * and tests without the XAPI rules (they only keep the memory and vCPU invariants); the getters let tests
 * inspect what clients did. Thread-safe: everything runs under the pool's lock.
 *
 * <pre>{@code
 * pool.addVm("web 1").memoryMb(2048).vcpus(2, 4).addDisk("web 1 root", 10240)
 *     .residentOn(member).state(XapiPowerState.RUNNING);
 * }</pre>
 */
public final class XapiVm extends XObject {

    final SimXapiPool pool;
    final Metrics metrics = new Metrics();
    /** Set once the guest's tools report (guestNetworks); null like a guest without tools. */
    XGuestMetrics guestMetrics;
    String nameLabel;
    String nameDescription = "";
    XapiPowerState powerState = XapiPowerState.HALTED;
    boolean isTemplate;
    boolean isDefaultTemplate;
    boolean isControlDomain;
    XHost residentOn;
    XHost affinity;
    /** Where a seeded {@code state(RUNNING)} places the VM (residentOn() on a halted VM). */
    XHost seedHost;
    int domid = -1;
    long staticMin = 512 * MiB;
    long staticMax = 1024 * MiB;
    long dynamicMin = 1024 * MiB;
    long dynamicMax = 1024 * MiB;
    long memoryActual;
    long vcpusMax = 1;
    long vcpusAtStartup = 1;
    long vcpusLive;
    String domainType = "pv";
    String pvBootloader = "pygrub";
    String hvmBootPolicy = "";
    Map<String, Object> hvmBootParams = new LinkedHashMap<>();
    Map<String, Object> platform = new LinkedHashMap<>(Map.of("acpi", "1", "apic", "true", "pae", "true",
            "nx", "true", "viridian", "false"));
    Map<String, Object> otherConfig = new LinkedHashMap<>();
    Map<String, Object> blockedOperations = new LinkedHashMap<>();
    boolean deaf;
    /** A snapshot (VM.snapshot): of which VM, when; and each VM's parent, the snapshot it descends from. */
    boolean isASnapshot;
    XapiVm snapshotOf;
    Instant snapshotTime = Records.EPOCH;
    XapiVm parent;
    Instant startTime = Records.EPOCH;
    Instant installTime = Instant.now().with(ChronoField.NANO_OF_SECOND, 0);
    /** The console side of the running domain (a fresh guest per boot). */
    SimVm guest;

    XapiVm(SimXapiPool pool, String name) {
        this.pool = pool;
        this.nameLabel = name;
    }

    @Override
    String cls() {
        return "VM";
    }

    @Override
    String nameLabel() {
        return nameLabel;
    }

    // ---- public fluent API -------------------------------------------------------------------------------

    /** The VM's ref ({@code OpaqueRef:...}). */
    public String ref() {
        return ref;
    }

    public String uuid() {
        return uuid;
    }

    public String name() {
        synchronized (pool.lock) {
            return nameLabel;
        }
    }

    /** Adds a NIC (the next VIF device number) on the network named {@code network}, made on first use. */
    public XapiVm vif(String network, String mac) {
        synchronized (pool.lock) {
            pool.newVif(this, pool.network(network), Integer.toString(pool.vifsOf(this).size()), mac);
            return this;
        }
    }

    /** What the guest's tools report in VM_guest_metrics.networks, e.g. {@code 0/ipv4/0 -> 192.0.2.7}. */
    public XapiVm guestNetworks(Map<String, String> networks) {
        synchronized (pool.lock) {
            if (guestMetrics == null) {
                guestMetrics = new XGuestMetrics();
            }
            guestMetrics.networks.clear();
            guestMetrics.networks.putAll(networks);
            return this;
        }
    }

    /** Sets static_max = dynamic_max = dynamic_min = {@code mb} MiB (static_min lowered if needed). */
    public XapiVm memoryMb(long mb) {
        synchronized (pool.lock) {
            return memory(Math.min(staticMin / MiB, mb), mb, mb, mb);
        }
    }

    /** Sets the four memory limits in MiB; they must satisfy static_min <= dynamic_min <= dynamic_max <= static_max. */
    public XapiVm memory(long staticMinMb, long dynamicMinMb, long dynamicMaxMb, long staticMaxMb) {
        synchronized (pool.lock) {
            if (!(0 < staticMinMb && staticMinMb <= dynamicMinMb && dynamicMinMb <= dynamicMaxMb
                    && dynamicMaxMb <= staticMaxMb)) {
                throw new IllegalArgumentException("memory limits violate static_min <= dynamic_min <= dynamic_max"
                        + " <= static_max: " + staticMinMb + " " + dynamicMinMb + " " + dynamicMaxMb + " " + staticMaxMb);
            }
            staticMin = staticMinMb * MiB;
            dynamicMin = dynamicMinMb * MiB;
            dynamicMax = dynamicMaxMb * MiB;
            staticMax = staticMaxMb * MiB;
            if (powerState.hasDomain()) {
                memoryActual = Math.max(dynamicMin, Math.min(dynamicMax, memoryActual));
                syncGuest();
            }
            return this;
        }
    }

    /** VCPUs_at_startup = VCPUs_max = n. */
    public XapiVm vcpus(int n) {
        return vcpus(n, n);
    }

    /** VCPUs_at_startup and VCPUs_max (0 < atStartup <= max); a running VM also gets atStartup live vCPUs. */
    public XapiVm vcpus(int atStartup, int max) {
        synchronized (pool.lock) {
            if (atStartup <= 0 || atStartup > max) {
                throw new IllegalArgumentException("vcpus " + atStartup + " / max " + max);
            }
            vcpusAtStartup = atStartup;
            vcpusMax = max;
            if (powerState.hasDomain()) {
                vcpusLive = atStartup;
                syncGuest();
            }
            return this;
        }
    }

    /**
     * Seeds the power state. RUNNING/PAUSED from a state without a domain boots it on the host given by
     * {@link #residentOn} (default: the affinity host, else the master) with a new domid; HALTED and SUSPENDED
     * drop the domain.
     */
    public XapiVm state(XapiPowerState s) {
        synchronized (pool.lock) {
            if (s.hasDomain()) {
                if (!powerState.hasDomain()) {
                    XHost h = seedHost != null ? seedHost : pool.placementFor(this);
                    pool.boot(this, h, s == XapiPowerState.PAUSED, false);
                } else {
                    powerState = s;
                    syncGuest();
                }
            } else if (s == XapiPowerState.HALTED) {
                pool.halt(this);
            } else {
                pool.suspend(this);
            }
            return this;
        }
    }

    /** A running VM moves to {@code host} (new domid there); a halted one will boot there when seeded running. */
    public XapiVm residentOn(SimHost host) {
        synchronized (pool.lock) {
            XHost h = pool.xhost(host);
            seedHost = h;
            if (powerState.hasDomain() && residentOn != h) {
                pool.moveDomain(this, h);
            }
            return this;
        }
    }

    /** The VM's {@code affinity}: VM.start places it there (instead of on the master). */
    public XapiVm affinity(SimHost host) {
        synchronized (pool.lock) {
            affinity = host == null ? null : pool.xhost(host);
            return this;
        }
    }

    /**
     * A guest that ignores clean shutdown/reboot requests: VM.clean_shutdown and VM.clean_reboot fail with
     * VM_SHUTDOWN_TIMEOUT after {@link SimXapiPool#shutdownTimeout}; hard_shutdown works.
     */
    public XapiVm deaf(boolean on) {
        synchronized (pool.lock) {
            deaf = on;
            return this;
        }
    }

    /** Marks the VM as a template (is_a_template). */
    public XapiVm template(boolean on) {
        synchronized (pool.lock) {
            isTemplate = on;
            return this;
        }
    }

    /** Adds {@code op -> reason} to blocked_operations (e.g. "pause"): the call fails with OPERATION_BLOCKED. */
    public XapiVm blockOperation(String op, String reason) {
        synchronized (pool.lock) {
            blockedOperations.put(op, reason);
            return this;
        }
    }

    /** HVM guest (domain_type "hvm", HVM_boot_policy "BIOS order", no PV bootloader); default is PV with pygrub. */
    public XapiVm hvm() {
        synchronized (pool.lock) {
            domainType = "hvm";
            hvmBootPolicy = "BIOS order";
            hvmBootParams = new LinkedHashMap<>(Map.of("order", "cd"));
            pvBootloader = "";
            return this;
        }
    }

    public XapiVm otherConfig(String key, String value) {
        synchronized (pool.lock) {
            otherConfig.put(key, value);
            return this;
        }
    }

    /** Creates a user VDI of {@code sizeMb} MiB on the pool's default SR and a VBD at the next free userdevice. */
    public XapiVm addDisk(String vdiName, long sizeMb) {
        synchronized (pool.lock) {
            XVdi vdi = pool.newVdi(vdiName, pool.defaultSr(), sizeMb * MiB);
            XVbd vbd = pool.newVbd(this, vdi, pool.freeUserdevice(this), pool.vbdsOf(this).isEmpty());
            if (powerState.hasDomain()) {
                vbd.attach();
            }
            return this;
        }
    }

    /** The VM disappears from the database at once, as if another client destroyed it (HANDLE_INVALID after). */
    public void vanish() {
        synchronized (pool.lock) {
            pool.remove(this);
        }
    }

    // ---- public getters ----------------------------------------------------------------------------------

    public XapiPowerState powerState() {
        synchronized (pool.lock) {
            pool.reconcile();
            return powerState;
        }
    }

    /** The domain id, -1 without a domain. */
    public int domid() {
        synchronized (pool.lock) {
            pool.reconcile();
            return domid;
        }
    }

    public Optional<SimHost> residentOnHost() {
        synchronized (pool.lock) {
            pool.reconcile();
            return Optional.ofNullable(residentOn).map(h -> h.sim);
        }
    }

    public boolean exists() {
        synchronized (pool.lock) {
            return pool.contains(this);
        }
    }

    public boolean isTemplate() {
        synchronized (pool.lock) {
            return isTemplate;
        }
    }

    /** {static_min, dynamic_min, dynamic_max, static_max} in bytes. */
    public long[] memoryLimits() {
        synchronized (pool.lock) {
            return new long[] {staticMin, dynamicMin, dynamicMax, staticMax};
        }
    }

    /** memory_actual in bytes (0 without a domain). */
    public long memoryActual() {
        synchronized (pool.lock) {
            return memoryActual;
        }
    }

    public long vcpusAtStartup() {
        synchronized (pool.lock) {
            return vcpusAtStartup;
        }
    }

    public long vcpusMax() {
        synchronized (pool.lock) {
            return vcpusMax;
        }
    }

    /** VM_metrics.VCPUs_number: the live vCPUs (0 without a domain). */
    public long vcpusLive() {
        synchronized (pool.lock) {
            return vcpusLive;
        }
    }

    /** The VM's other_config (auto_poweron, ...), a copy. */
    public Map<String, Object> otherConfig() {
        synchronized (pool.lock) {
            return new LinkedHashMap<>(otherConfig);
        }
    }

    /** The VM's disks: device (or "" before the first attach) -> VDI name_label, in userdevice order. */
    public Map<String, String> disks() {
        synchronized (pool.lock) {
            Map<String, String> m = new LinkedHashMap<>();
            for (XVbd b : pool.vbdsOf(this)) {
                m.put(b.userdevice + ":" + b.device, b.vdi == null ? "" : b.vdi.nameLabel);
            }
            return m;
        }
    }

    // ---- internals ---------------------------------------------------------------------------------------

    void syncGuest() {
        if (guest == null) {
            return;
        }
        int maxMb = (int) Math.max(1, staticMax / MiB);
        int curMb = (int) Math.max(1, Math.min(maxMb, memoryActual / MiB));
        guest.memory(curMb, maxMb);
        int max = (int) Math.max(1, vcpusMax);
        guest.vcpus((int) Math.max(1, Math.min(max, vcpusLive)), max);
        guest.state(powerState == XapiPowerState.PAUSED ? VmPowerState.PAUSED : VmPowerState.RUNNING);
    }

    void newGuest() {
        guest = HostExtensions.detachedGuest(nameLabel);
        syncGuest();
    }

    List<String> allowedOperations() {
        if (isControlDomain) {
            return List.of("changing_dynamic_range", "changing_VCPUs_live");
        }
        if (isTemplate) {
            return List.of("clone", "copy", "export", "provision", "destroy", "changing_memory_limits",
                    "changing_static_range", "changing_VCPUs");
        }
        List<String> l = new ArrayList<>(switch (powerState) {
            case HALTED -> List.of("start", "start_on", "clone", "copy", "export", "provision", "destroy",
                    "make_into_template", "changing_memory_limits", "changing_static_range",
                    "changing_dynamic_range", "changing_VCPUs", "snapshot");
            case RUNNING -> List.of("clean_shutdown", "hard_shutdown", "clean_reboot", "hard_reboot", "pause",
                    "suspend", "pool_migrate", "changing_dynamic_range", "changing_VCPUs_live", "snapshot");
            case PAUSED -> List.of("unpause", "hard_shutdown", "hard_reboot", "changing_dynamic_range");
            case SUSPENDED -> List.of("resume", "resume_on", "hard_shutdown", "destroy");
        });
        return l;
    }

    @Override
    Map<String, Object> record() {
        return struct(
                "uuid", uuid,
                "allowed_operations", allowedOperations(),
                "current_operations", struct(),
                "name_label", nameLabel,
                "name_description", nameDescription,
                "power_state", powerState.wire(),
                "user_version", "1",
                "is_a_template", isTemplate,
                "is_default_template", isDefaultTemplate,
                "suspend_VDI", NULL_REF,
                "resident_on", ref(residentOn),
                "scheduled_to_be_resident_on", NULL_REF,
                "affinity", ref(affinity),
                "memory_overhead", i64(powerState.hasDomain() ? 9 * MiB : 0),
                "memory_target", i64(memoryActual),
                "memory_static_max", i64(staticMax),
                "memory_dynamic_max", i64(dynamicMax),
                "memory_dynamic_min", i64(dynamicMin),
                "memory_static_min", i64(staticMin),
                "VCPUs_params", struct(),
                "VCPUs_max", i64(vcpusMax),
                "VCPUs_at_startup", i64(vcpusAtStartup),
                "actions_after_softreboot", "soft_reboot",
                "actions_after_shutdown", "destroy",
                "actions_after_reboot", "restart",
                "actions_after_crash", "restart",
                "consoles", List.of(),
                "VIFs", Records.refs(pool.vifsOf(this)),
                "VBDs", Records.refs(pool.vbdsOf(this)),
                "VUSBs", List.of(),
                "crash_dumps", List.of(),
                "VTPMs", List.of(),
                "PV_bootloader", pvBootloader,
                "PV_kernel", "",
                "PV_ramdisk", "",
                "PV_args", "",
                "PV_bootloader_args", "",
                "PV_legacy_args", "",
                "HVM_boot_policy", hvmBootPolicy,
                "HVM_boot_params", new LinkedHashMap<>(hvmBootParams),
                "HVM_shadow_multiplier", 1.0,
                "platform", new LinkedHashMap<>(platform),
                "PCI_bus", "",
                "other_config", new LinkedHashMap<>(otherConfig),
                "domid", i64(domid),
                "domarch", powerState.hasDomain() ? "x64" : "",
                "last_boot_CPU_flags", struct(),
                "is_control_domain", isControlDomain,
                "metrics", metrics.ref,
                "guest_metrics", ref(guestMetrics),
                "last_booted_record", "",
                "recommendations", "",
                "xenstore_data", struct(),
                "ha_always_run", false,
                "ha_restart_priority", "",
                "is_a_snapshot", isASnapshot,
                "snapshot_of", ref(snapshotOf),
                "snapshots", pool.vms().stream().filter(v -> v.snapshotOf == this).map(v -> v.ref).toList(),
                "snapshot_time", snapshotTime,
                "transportable_snapshot_id", "",
                "blobs", struct(),
                "tags", List.of(),
                "blocked_operations", new LinkedHashMap<>(blockedOperations),
                "snapshot_info", struct(),
                "snapshot_metadata", "",
                "parent", parent != null && pool.contains(parent) ? parent.ref : NULL_REF,
                "children", List.of(),
                "bios_strings", struct(),
                "protection_policy", NULL_REF,
                "is_snapshot_from_vmpp", false,
                "snapshot_schedule", NULL_REF,
                "is_vmss_snapshot", false,
                "appliance", NULL_REF,
                "start_delay", "0",
                "shutdown_delay", "0",
                "order", "0",
                "VGPUs", List.of(),
                "attached_PCIs", List.of(),
                "suspend_SR", NULL_REF,
                "version", "0",
                "generation_id", "",
                "hardware_platform_version", "0",
                "has_vendor_device", false,
                "requires_reboot", false,
                "reference_label", "",
                "domain_type", domainType,
                "NVRAM", struct());
    }

    /**
     * {@code VM_metrics}: live memory and vCPUs of the domain. RECONSTRUCTED from the XenAPI reference's
     * field list (no XAPI host to record from): {@code memory_actual} in bytes, {@code VCPUs_utilisation}
     * a map from vCPU number to the share of a physical CPU it used (0..1; an idle guest here: 0.02 for
     * vCPU 0, one hundredth more per further vCPU), empty without a domain.
     */
    final class Metrics extends XObject {
        @Override
        String cls() {
            return "VM_metrics";
        }

        @Override
        Map<String, Object> record() {
            Map<String, Object> util = new LinkedHashMap<>();
            Map<String, Object> cpu = new LinkedHashMap<>();
            for (int i = 0; i < vcpusLive; i++) {
                util.put(Integer.toString(i), 0.02 + 0.01 * i);
                cpu.put(Integer.toString(i), Integer.toString(i));
            }
            return struct(
                    "uuid", uuid,
                    "memory_actual", i64(memoryActual),
                    "VCPUs_number", i64(vcpusLive),
                    "VCPUs_utilisation", util,
                    "VCPUs_CPU", cpu,
                    "VCPUs_params", struct(),
                    "VCPUs_flags", struct(),
                    "state", List.of(),
                    "start_time", startTime,
                    "install_time", installTime,
                    "last_updated", Records.EPOCH,
                    "other_config", struct(),
                    "hvm", domainType.equals("hvm"),
                    "nested_virt", false,
                    "nomigrate", false,
                    "current_domain_type", powerState.hasDomain() ? domainType : "unspecified");
        }
    }
}
