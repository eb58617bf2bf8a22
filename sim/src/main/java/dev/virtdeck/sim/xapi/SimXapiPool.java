package dev.virtdeck.sim.xapi;

import dev.virtdeck.sim.HostExtensions;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VmPowerState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated XenServer / XCP-ng pool: members ({@link SimHost}s of kind {@link HostKind#XAPI}) sharing ONE
 * XAPI database. Every member serves the XAPI on its UNIX socket {@value #XAPI_SOCKET}, reached over SSH with a
 * {@code direct-streamlocal@openssh.com} channel (serve each member with its own {@code SimServer}); a call
 * received by a member is executed by the master ({@link #callLog()} records both).
 *
 * <pre>{@code
 * SimXapiPool pool = SimXapiPool.create("pool-lab");
 * SimHost xcp1 = pool.addHost("xcp1", true);      // the master
 * SimHost xcp2 = pool.addHost("xcp2", false);     // a member
 * pool.addVm("web 1").memoryMb(2048).vcpus(2, 4).addDisk("web 1 disk", 8192)
 *     .residentOn(xcp2).state(XapiPowerState.RUNNING);
 * try (SimServer s1 = SimServer.start(xcp1, pubKey); SimServer s2 = SimServer.start(xcp2, pubKey)) { ... }
 * }</pre>
 *
 * <p>Thread-safe: calls and the fluent API run under one lock (the pool database's).
 */
public final class SimXapiPool {

    /** The XAPI's local UNIX socket on every member. */
    public static final String XAPI_SOCKET = "/var/lib/xcp/xapi";

    final Object lock = new Object();
    private final String name;
    private final XPool poolObject = new XPool();
    private final Map<String, XHost> hosts = new LinkedHashMap<>();
    private final Map<String, XapiVm> vms = new LinkedHashMap<>();
    private final Map<String, XSr> srs = new LinkedHashMap<>();
    private final Map<String, XVdi> vdis = new LinkedHashMap<>();
    private final Map<String, XVbd> vbds = new LinkedHashMap<>();
    private final Map<String, XNetwork> networks = new LinkedHashMap<>();
    private final Map<String, XVif> vifs = new LinkedHashMap<>();
    private final Map<String, Object> poolOtherConfig = new LinkedHashMap<>(
            Map.of("memory-ratio-hvm", "0.25", "memory-ratio-pv", "0.25"));
    final Map<String, XSession> sessions = new LinkedHashMap<>();
    private final List<CallRecord> callLog = new CopyOnWriteArrayList<>();
    private final XapiMethods methods = new XapiMethods(this);
    XHost master;
    private boolean refuseLogins;
    private final Map<String, List<String>> refusals = new LinkedHashMap<>();
    private Duration shutdownTimeout = Duration.ofSeconds(1);
    private volatile boolean stringElements;

    private SimXapiPool(String name) {
        this.name = name;
    }

    /**
     * A pool with no hosts yet and two default templates, "Other install media" (HVM, no disks) and
     * "Debian Bookworm 12" (HVM, one 10 GiB system disk provisioned by VM.provision).
     */
    public static SimXapiPool create(String name) {
        SimXapiPool p = new SimXapiPool(name);
        synchronized (p.lock) {
            XapiVm other = p.newVm("Other install media");
            other.hvm();
            other.isTemplate = true;
            other.isDefaultTemplate = true;
            other.otherConfig.putAll(Map.of("default_template", "true", "install-methods", "cdrom"));
            other.memory(128, 128, 128, 128);
            XNetwork eth0 = new XNetwork(p, "Pool-wide network associated with eth0", "xenbr0");
            p.networks.put(eth0.ref, eth0);
            XapiVm debian = p.newVm("Debian Bookworm 12");
            debian.hvm();
            debian.isTemplate = true;
            debian.isDefaultTemplate = true;
            debian.nameDescription = "Template that allows VM installation from Xen-aware Debian-based distros.";
            debian.otherConfig.putAll(Map.of("default_template", "true", "install-methods", "cdrom,nfs,http,ftp",
                    "linux_template", "true",
                    "disks", "<provision><disk device=\"0\" size=\"10737418240\" sr=\"\" bootable=\"true\" "
                            + "type=\"system\"/></provision>"));
            debian.memory(512, 512, 512, 512);
            debian.vcpus(1, 1);
        }
        return p;
    }

    public String name() {
        return name;
    }

    // ---- hosts -------------------------------------------------------------------------------------------

    /**
     * Adds a member: a new {@code SimHost} of kind XAPI (serving {@value #XAPI_SOCKET}), its control domain
     * (domid 0) and its "Local storage" SR. {@code master} makes it the pool master (the first master's local SR
     * becomes the pool's default_SR). The address defaults to 192.0.2.(10+n); see {@link #hostAddress}.
     */
    public SimHost addHost(String hostname, boolean master) {
        SimHost sim = SimHost.of(HostKind.XAPI, hostname);
        synchronized (lock) {
            if (hosts.values().stream().anyMatch(h -> h.sim.hostname().equals(hostname))) {
                throw new IllegalArgumentException("host already in the pool: " + hostname);
            }
            XHost h = new XHost(this, sim, "192.0.2." + (10 + hosts.size()));
            hosts.put(h.ref, h);
            XSr sr = new XSr(this, h);
            srs.put(sr.ref, sr);
            h.localSr = sr;
            XapiVm dom0 = newVm("Control domain on host: " + hostname);
            dom0.isControlDomain = true;
            dom0.nameDescription = "The domain which manages physical devices and manages other domains";
            dom0.pvBootloader = "";
            long dom0Mb = sim.dom0MemoryMb();
            dom0.memory(dom0Mb, dom0Mb, dom0Mb, dom0Mb);
            int cpus = Math.min(sim.cpus(), 16);
            dom0.vcpus(cpus, cpus);
            dom0.powerState = XapiPowerState.RUNNING;
            dom0.residentOn = h;
            dom0.domid = 0;
            dom0.memoryActual = dom0.dynamicMax;
            dom0.vcpusLive = cpus;
            dom0.startTime = Instant.now().with(ChronoField.NANO_OF_SECOND, 0);
            h.controlDomain = dom0;
            if (master) {
                if (this.master != null) {
                    throw new IllegalStateException("the pool already has a master: " + this.master.sim.hostname());
                }
                this.master = h;
            }
        }
        HostExtensions.bindUnixSocket(sim, XAPI_SOCKET, new XapiHttp(this, sim));
        HostExtensions.bindDomains(sim, domid -> domain(sim, domid));
        return sim;
    }

    /** Adds a member; the first one added becomes the master. */
    public SimHost addHost(String hostname) {
        synchronized (lock) {
            return addHost(hostname, master == null);
        }
    }

    /** Sets a member's {@code address} field (what a client would SSH to for that member's console). */
    public SimXapiPool hostAddress(SimHost host, String address) {
        synchronized (lock) {
            xhost(host).address = address;
            return this;
        }
    }

    /** The master's SimHost. */
    public SimHost master() {
        synchronized (lock) {
            if (master == null) {
                throw new IllegalStateException("the pool has no master yet");
            }
            return master.sim;
        }
    }

    /** The members in the order they were added. */
    public List<SimHost> hosts() {
        synchronized (lock) {
            return hosts.values().stream().map(h -> h.sim).toList();
        }
    }

    /** The host's ref in the XAPI database. */
    public String hostRef(SimHost host) {
        synchronized (lock) {
            return xhost(host).ref;
        }
    }

    XHost xhost(SimHost host) {
        return hosts.values().stream().filter(h -> h.sim == host).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(host + " is not a member of pool " + name));
    }

    // ---- VMs ---------------------------------------------------------------------------------------------

    /** Adds a halted PV VM (1 GiB, 1 vCPU, no disks). Seed it with the fluent setters of {@link XapiVm}. */
    public XapiVm addVm(String name) {
        synchronized (lock) {
            return newVm(name);
        }
    }

    /** Adds a (non-default) template with this name. */
    public XapiVm addTemplate(String name) {
        synchronized (lock) {
            XapiVm t = newVm(name);
            t.isTemplate = true;
            return t;
        }
    }

    /** The first VM (not a template, not a control domain) with this name_label. */
    public XapiVm vm(String name) {
        return findVm(name).orElseThrow(() -> new IllegalArgumentException("no VM " + name));
    }

    public Optional<XapiVm> findVm(String name) {
        synchronized (lock) {
            return vms.values().stream().filter(v -> !v.isTemplate && !v.isControlDomain)
                    .filter(v -> v.nameLabel.equals(name)).findFirst();
        }
    }

    /** The template with this name_label. */
    public XapiVm template(String name) {
        synchronized (lock) {
            return vms.values().stream().filter(v -> v.isTemplate && v.nameLabel.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no template " + name));
        }
    }

    /** Every VM record: VMs, templates and control domains. */
    public List<XapiVm> vms() {
        synchronized (lock) {
            reconcile();
            return List.copyOf(vms.values());
        }
    }

    /** The member's control domain. */
    public XapiVm controlDomain(SimHost host) {
        synchronized (lock) {
            return xhost(host).controlDomain;
        }
    }

    // ---- knobs and log -----------------------------------------------------------------------------------

    /** Every call in arrival order (received-by, executed-by, method, args, outcome). */
    public List<CallRecord> callLog() {
        return new ArrayList<>(callLog);
    }

    public void clearCallLog() {
        callLog.clear();
    }

    /** While on, session.login_with_password fails with SESSION_AUTHENTICATION_FAILED. */
    public SimXapiPool refuseLogins(boolean on) {
        synchronized (lock) {
            refuseLogins = on;
            return this;
        }
    }

    boolean refuseLogins() {
        return refuseLogins;
    }

    /**
     * While set, every call of {@code method} fails with this ErrorDescription before it is executed, as an XAPI
     * that lacks the method ({@code MESSAGE_METHOD_UNKNOWN [method]}) or a session without its role
     * ({@code RBAC_PERMISSION_DENIED ...}) answers. {@link #clearRefusals()} ends them.
     */
    public SimXapiPool refuse(String method, String code, String... params) {
        synchronized (lock) {
            List<String> d = new ArrayList<>();
            d.add(code);
            d.addAll(List.of(params));
            refusals.put(method, List.copyOf(d));
            return this;
        }
    }

    public SimXapiPool clearRefusals() {
        synchronized (lock) {
            refusals.clear();
            return this;
        }
    }

    /** Expires every session now: their next call fails with SESSION_INVALID. Returns how many there were. */
    public int expireSessions() {
        synchronized (lock) {
            int n = sessions.size();
            sessions.clear();
            return n;
        }
    }

    /** Open sessions. */
    public int sessionCount() {
        synchronized (lock) {
            return sessions.size();
        }
    }

    /** How long clean_shutdown/clean_reboot wait for a deaf guest before VM_SHUTDOWN_TIMEOUT (default 1 s). */
    public SimXapiPool shutdownTimeout(Duration d) {
        synchronized (lock) {
            shutdownTimeout = d;
            return this;
        }
    }

    Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * Write strings as {@code <value><string>x</string></value>} instead of XAPI's bare {@code <value>x</value>}
     * (default off: bare, as xapi does; both are valid XML-RPC).
     */
    public SimXapiPool stringElements(boolean on) {
        stringElements = on;
        return this;
    }

    // ---- serving -----------------------------------------------------------------------------------------

    /** Handles one XML-RPC request body received on {@code receivedBy}'s socket; returns the response XML. */
    String handle(SimHost receivedBy, byte[] body) {
        Object result;
        String method = "?";
        List<Object> args = List.of();
        String executedBy;
        synchronized (lock) {
            executedBy = master == null ? receivedBy.hostname() : master.sim.hostname();
            try {
                XmlRpc.Call call = XmlRpc.parseCall(body);
                method = call.method();
                args = call.params();
                reconcile();
                if (master == null) {
                    throw new XapiFailure("INTERNAL_ERROR", "the simulated pool has no master");
                }
                List<String> refused = refusals.get(method);
                if (refused != null) {
                    throw new XapiFailure(refused.get(0), refused.subList(1, refused.size()).toArray(String[]::new));
                }
                Object value = methods.dispatch(xhost(receivedBy), method, args);
                result = Records.struct("Status", "Success", "Value", value);
            } catch (XmlRpc.ParseException e) {
                result = failure(new XapiFailure("INTERNAL_ERROR", e.getMessage()));
            } catch (XapiFailure f) {
                result = failure(f);
            } catch (RuntimeException e) {
                result = failure(new XapiFailure("INTERNAL_ERROR", "sim: " + e));
            }
            lock.notifyAll(); // a deaf guest's clean_shutdown waiting in lock.wait sees a hard_shutdown at once
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) result;
        String outcome = r.get("Status").equals("Success") ? "Success"
                : (String) ((List<?>) r.get("ErrorDescription")).get(0);
        callLog.add(new CallRecord(receivedBy.hostname(), executedBy, method, masked(method, args), outcome));
        return XmlRpc.response(result, stringElements);
    }

    private static Map<String, Object> failure(XapiFailure f) {
        return Records.struct("Status", "Failure", "ErrorDescription", new ArrayList<Object>(f.description()));
    }

    private static List<Object> masked(String method, List<Object> args) {
        List<Object> l = new ArrayList<>(args);
        if (method.equals("session.login_with_password") && l.size() > 1) {
            l.set(1, "********");
        }
        return List.copyOf(l.stream().map(o -> o == null ? "<nil>" : o).toList());
    }

    // ---- database (lock held) ----------------------------------------------------------------------------

    XPool poolObject() {
        return poolObject;
    }

    Map<String, ? extends XObject> table(String cls) {
        return switch (cls) {
            case "VM" -> vms;
            case "host" -> hosts;
            case "SR" -> srs;
            case "VDI" -> vdis;
            case "VBD" -> vbds;
            case "network" -> networks;
            case "VIF" -> vifs;
            case "VM_guest_metrics" -> index(vms.values().stream().filter(v -> v.guestMetrics != null)
                    .map(v -> (XObject) v.guestMetrics).toList());
            case "session" -> sessions;
            case "pool" -> Map.of(poolObject.ref, poolObject);
            case "VM_metrics" -> index(vms.values().stream().map(v -> (XObject) v.metrics).toList());
            case "host_metrics" -> index(hosts.values().stream().map(h -> (XObject) h.metrics).toList());
            default -> null;
        };
    }

    private static Map<String, XObject> index(List<XObject> l) {
        Map<String, XObject> m = new LinkedHashMap<>();
        l.forEach(o -> m.put(o.ref, o));
        return m;
    }

    XapiVm newVm(String name) {
        XapiVm vm = new XapiVm(this, name);
        vms.put(vm.ref, vm);
        return vm;
    }

    void putVm(XapiVm vm) {
        vms.put(vm.ref, vm);
    }

    boolean contains(XapiVm vm) {
        return vms.containsKey(vm.ref);
    }

    /** VM.destroy semantics: the VM, its VBDs and its metrics go; its VDIs stay. */
    void remove(XapiVm vm) {
        if (vm.guest != null) {
            vm.guest.state(VmPowerState.POWEROFF);
        }
        vbdsOf(vm).forEach(b -> vbds.remove(b.ref));
        vifsOf(vm).forEach(v -> vifs.remove(v.ref));
        vms.remove(vm.ref);
    }

    List<XapiVm> residentVms(XHost h) {
        return vms.values().stream().filter(v -> v.residentOn == h).toList();
    }

    List<XVdi> vdis(XSr sr) {
        return vdis.values().stream().filter(v -> v.sr == sr).toList();
    }

    List<XVbd> vbdsOf(XapiVm vm) {
        return vbds.values().stream().filter(b -> b.vm == vm)
                .sorted(Comparator.comparingInt(b -> Integer.parseInt(b.userdevice))).toList();
    }

    List<XVbd> vbdsOf(XVdi vdi) {
        return vbds.values().stream().filter(b -> b.vdi == vdi).toList();
    }

    /** The network named {@code name} (bridge {@code xenbr<N>}), made on first use. */
    XNetwork network(String name) {
        for (XNetwork n : networks.values()) {
            if (n.nameLabel.equals(name)) {
                return n;
            }
        }
        XNetwork n = new XNetwork(this, name, "xenbr" + networks.size());
        networks.put(n.ref, n);
        return n;
    }

    XSr defaultSr() {
        if (master == null) {
            throw new IllegalStateException("the pool has no master (and so no default SR) yet");
        }
        return master.localSr;
    }

    XVdi newVdi(String name, XSr sr, long bytes) {
        XVdi vdi = new XVdi(this);
        vdi.nameLabel = name;
        vdi.sr = sr;
        vdi.virtualSize = bytes;
        vdis.put(vdi.ref, vdi);
        return vdi;
    }

    void removeVdi(XVdi vdi) {
        vbdsOf(vdi).forEach(b -> vbds.remove(b.ref));
        vdis.remove(vdi.ref);
    }

    XVbd newVbd(XapiVm vm, XVdi vdi, String userdevice, boolean bootable) {
        XVbd b = new XVbd();
        b.vm = vm;
        b.vdi = vdi;
        b.userdevice = userdevice;
        b.bootable = bootable;
        b.empty = vdi == null;
        vbds.put(b.ref, b);
        return b;
    }

    List<XVif> vifsOf(XapiVm vm) {
        return vifs.values().stream().filter(v -> v.vm == vm)
                .sorted(Comparator.comparingInt(v -> Integer.parseInt(v.device))).toList();
    }

    List<XVif> vifsOn(XNetwork n) {
        return vifs.values().stream().filter(v -> v.network == n).toList();
    }

    XVif newVif(XapiVm vm, XNetwork n, String device, String mac) {
        XVif v = new XVif();
        v.vm = vm;
        v.network = n;
        v.device = device;
        v.macAutogenerated = mac == null || mac.isEmpty();
        v.mac = v.macAutogenerated ? XVif.randomMac() : mac;
        vifs.put(v.ref, v);
        return v;
    }

    void removeVif(XVif v) {
        vifs.remove(v.ref);
    }

    void removeVbd(XVbd b) {
        vbds.remove(b.ref);
    }

    /** The lowest userdevice slot (0..15) without a VBD. */
    String freeUserdevice(XapiVm vm) {
        List<String> used = vbdsOf(vm).stream().map(b -> b.userdevice).toList();
        for (int i = 0; i < 16; i++) {
            if (!used.contains(Integer.toString(i))) {
                return Integer.toString(i);
            }
        }
        throw new XapiFailure("OPERATION_NOT_ALLOWED", "All the userdevice slots (0-15) of the VM are in use");
    }

    /** Where VM.start puts a VM: its affinity host when set and enabled, else the master. */
    XHost placementFor(XapiVm vm) {
        if (vm.affinity != null && vm.affinity.enabled && hosts.containsKey(vm.affinity.ref)) {
            return vm.affinity;
        }
        if (master == null) {
            throw new IllegalStateException("the pool has no master yet");
        }
        return master;
    }

    /** Creates the domain on {@code h}: new domid, memory, vCPUs, attached VBDs, a fresh guest console. */
    void boot(XapiVm vm, XHost h, boolean paused, boolean checkMemory) {
        long free = h.memoryFree();
        if (checkMemory && free < vm.dynamicMin) {
            throw new XapiFailure("HOST_NOT_ENOUGH_FREE_MEMORY", Long.toString(vm.dynamicMin), Long.toString(free));
        }
        vm.residentOn = h;
        vm.domid = h.nextDomid++;
        vm.memoryActual = Math.max(vm.dynamicMin, Math.min(vm.dynamicMax, free));
        vm.vcpusLive = vm.vcpusAtStartup;
        vm.powerState = paused ? XapiPowerState.PAUSED : XapiPowerState.RUNNING;
        vm.startTime = Instant.now().with(ChronoField.NANO_OF_SECOND, 0);
        vbdsOf(vm).stream().filter(b -> !b.empty).forEach(XVbd::attach);
        vm.newGuest();
    }

    /** Drops the domain: Halted, no host, domid -1. */
    void halt(XapiVm vm) {
        dropDomain(vm, XapiPowerState.HALTED, VmPowerState.POWEROFF);
    }

    void suspend(XapiVm vm) {
        dropDomain(vm, XapiPowerState.SUSPENDED, VmPowerState.SAVED);
    }

    private void dropDomain(XapiVm vm, XapiPowerState s, VmPowerState guestState) {
        vm.powerState = s;
        vm.residentOn = null;
        vm.domid = -1;
        vm.memoryActual = 0;
        vm.vcpusLive = 0;
        vbdsOf(vm).forEach(b -> b.currentlyAttached = false);
        if (vm.guest != null) {
            vm.guest.state(guestState);
            vm.guest = null;
        }
    }

    /** A new domain id on the destination; the console of the old domain ends (as after a migration). */
    void moveDomain(XapiVm vm, XHost to) {
        SimVm old = vm.guest;
        boolean paused = vm.powerState == XapiPowerState.PAUSED;
        long live = vm.vcpusLive;
        long actual = vm.memoryActual;
        if (old != null) {
            old.state(VmPowerState.POWEROFF);
        }
        vm.residentOn = to;
        vm.domid = to.nextDomid++;
        vm.vcpusLive = live;
        vm.memoryActual = actual;
        vm.powerState = paused ? XapiPowerState.PAUSED : XapiPowerState.RUNNING;
        vm.newGuest();
    }

    /** A guest that powered itself off from its console is a halted VM. */
    void reconcile() {
        for (XapiVm vm : vms.values()) {
            if (vm.powerState.hasDomain() && vm.guest != null && vm.guest.state() == VmPowerState.POWEROFF) {
                halt(vm);
            }
        }
    }

    /** For xl console on {@code sim}: the guest of the VM with this domid resident there. */
    private Optional<SimVm> domain(SimHost sim, int domid) {
        synchronized (lock) {
            reconcile();
            return vms.values().stream()
                    .filter(v -> v.residentOn != null && v.residentOn.sim == sim && v.domid == domid
                            && !v.isControlDomain && v.guest != null)
                    .map(v -> v.guest).findFirst();
        }
    }

    // ---- networks (issue 14: create --network, VIFs) --------------------------------------------------------

    /** Adds a network (name_label, dom0 bridge); the pool starts with "Pool-wide network associated with eth0". */
    public SimXapiPool addNetwork(String nameLabel, String bridge) {
        synchronized (lock) {
            XNetwork n = new XNetwork(this, nameLabel, bridge);
            networks.put(n.ref, n);
            return this;
        }
    }

    /** Gives a VM (or template) a VIF on the network of that name_label, at the next device, MAC generated. */
    public SimXapiPool addVif(XapiVm vm, String networkName) {
        synchronized (lock) {
            XNetwork n = networks.values().stream().filter(x -> x.nameLabel.equals(networkName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no network " + networkName));
            newVif(vm, n, Integer.toString(vifsOf(vm).size()), "");
            return this;
        }
    }

    /** The VM's VIFs as "device:network name_label:MAC", in device order. */
    public List<String> vifs(XapiVm vm) {
        synchronized (lock) {
            return vifsOf(vm).stream().map(v -> v.device + ":" + v.network.nameLabel + ":" + v.mac).toList();
        }
    }

    /** Sets the pool's other-config:auto_poweron, which XenServer needs on for any VM's auto_poweron to act. */
    public SimXapiPool autoPowerOn(boolean on) {
        synchronized (lock) {
            poolOtherConfig.put("auto_poweron", Boolean.toString(on));
            return this;
        }
    }

    /** The {@code pool} object. */
    final class XPool extends XObject {
        @Override
        String cls() {
            return "pool";
        }

        @Override
        Map<String, Object> record() {
            XSr sr = master == null ? null : master.localSr;
            return Records.struct(
                    "uuid", uuid,
                    "name_label", name,
                    "name_description", "",
                    "master", ref(master),
                    "default_SR", ref(sr),
                    "suspend_image_SR", ref(sr),
                    "crash_dump_SR", ref(sr),
                    "other_config", new LinkedHashMap<>(poolOtherConfig),
                    "ha_enabled", false,
                    "ha_configuration", Records.struct(),
                    "ha_statefiles", List.of(),
                    "ha_host_failures_to_tolerate", "0",
                    "ha_plan_exists_for", "0",
                    "ha_allow_overcommit", false,
                    "ha_overcommitted", false,
                    "blobs", Records.struct(),
                    "tags", List.of(),
                    "gui_config", Records.struct(),
                    "health_check_config", Records.struct(),
                    "wlb_url", "",
                    "wlb_username", "",
                    "wlb_enabled", false,
                    "wlb_verify_cert", false,
                    "redo_log_enabled", false,
                    "redo_log_vdi", NULL_REF,
                    "vswitch_controller", "",
                    "restrictions", Records.struct(),
                    "metadata_VDIs", List.of(),
                    "ha_cluster_stack", "xhad",
                    "allowed_operations", List.of(),
                    "current_operations", Records.struct(),
                    "guest_agent_config", Records.struct(),
                    "cpu_info", Records.struct(),
                    "policy_no_vendor_device", false,
                    "live_patching_disabled", false,
                    "igmp_snooping_enabled", false,
                    "uefi_certificates", "",
                    "is_psr_pending", false,
                    "tls_verification_enabled", true,
                    "repositories", List.of(),
                    "client_certificate_auth_enabled", false,
                    "client_certificate_auth_name", "",
                    "repository_proxy_url", "",
                    "repository_proxy_username", "",
                    "repository_proxy_password", NULL_REF,
                    "migration_compression", false,
                    "coordinator_bias", true);
        }
    }
}
