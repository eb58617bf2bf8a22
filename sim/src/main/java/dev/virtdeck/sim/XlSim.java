package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Emulates {@code xl} (Xen 4.17, formats captured on the real lab's Xen 4.17.5 host) and, with {@code xm = true},
 * the legacy {@code xm} (Xen 4.4 and older, xend formats). A Xen host's VMs are its domains (the host's VMs with a
 * process) plus Domain-0; a VM without a process exists only as its config file in {@code /etc/xen} (the file
 * table), which {@code xl create} starts. Texts are in {@link XenText}.
 *
 * <p>Size (~780 lines): xl and xm share this one domain model and differ per subcommand, so
 * both tools' subcommands (one small method each) stay together; texts live in {@link XenText}.
 */
final class XlSim {

    private static final ScheduledExecutorService GUEST = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-xen-guest");
        t.setDaemon(true);
        return t;
    });

    private final SimHost host;
    private final Io io;
    private final boolean xm;
    /** Index in the subcommand's words where literal words start (after a "--"), -1 for none. */
    private int literalFrom = -1;
    private final String tool;

    private XlSim(SimHost host, Io io, boolean xm) {
        this.host = host;
        this.io = io;
        this.xm = xm;
        this.tool = xm ? "xm" : "xl";
    }

    static int run(SimHost host, List<String> args, Io io, boolean xm) {
        return ToolExit.run(() -> new XlSim(host, io, xm).dispatch(new ArrayList<>(args)));
    }

    /**
     * {@code xentop -b -i 1 [-f]}: one batch iteration, the column header then one row per domain
     * (Domain-0 first). Layout as captured on the Xen lab (reference/xen/xl-list-xentop-long-name.txt):
     * names are cut to 10 characters, or with {@code -f} (--full-name) the NAME column is as wide as the
     * longest name (at least 10). The domUs' network and disk counters are made up to grow with their
     * CPU time, one NIC and one disk each.
     */
    static int xentop(SimHost host, List<String> args, Io io) {
        boolean full = args.equals(List.of("-b", "-i", "1", "-f"));
        if (!full && !args.equals(List.of("-b", "-i", "1"))) {
            io.err("sim: only 'xentop -b -i 1 [-f]' is simulated\n");
            return 2;
        }
        List<SimVm> doms = new ArrayList<>(host.vms().stream().filter(v -> v.state().hasProcess()).toList());
        doms.sort(Comparator.comparingInt(host::domid));
        int width = 10;
        for (SimVm v : doms) {
            width = full ? Math.max(width, v.name().length()) : width;
        }
        StringBuilder sb = new StringBuilder(" ".repeat(width - 4)).append("NAME").append(XENTOP_HEADER);
        sb.append(xentopRow(width, "Domain-0", "-----r", 1_234_000_000_000L, host.dom0MemoryMb(), null, host.cpus(), 0,
                0, 0, 0, 0));
        for (SimVm v : doms) {
            long ms = v.cpuTimeNs() / 1_000_000;
            String flags = v.state() == VmPowerState.PAUSED ? "--p---" : "--b---";
            String name = full || v.name().length() <= 10 ? v.name() : v.name().substring(0, 10);
            sb.append(xentopRow(width, name, flags, v.cpuTimeNs(), v.memoryCurMb(), (long) v.memoryMaxMb(), v.vcpusCur(),
                    1, ms / 20, ms / 10, ms, ms / 4));
        }
        io.out(sb.toString());
        return 0;
    }

    /** The header after the NAME column. */
    static final String XENTOP_HEADER = "  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%)"
            + " VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n";

    private static String xentopRow(int width, String name, String flags, long cpuNs, long memMb, Long maxMb, int vcpus,
                                    int nets, long txKiB, long rxKiB, long rdSect, long wrSect) {
        return String.format(java.util.Locale.ROOT, "%" + width + "s %6s %10d %6.1f %10d %6.1f %10s %9s %5d %4d %8d %8d"
                        + " %4d %8d %8d %8d %10d %10d %4d%n", name, flags, cpuNs / 1_000_000_000L, 0.0, memMb * 1024, 0.0,
                maxMb == null ? "no limit" : Long.toString(maxMb * 1024), maxMb == null ? "n/a" : "0.0", vcpus, nets,
                txKiB, rxKiB, nets, 0, rdSect / 8, wrSect / 8, rdSect, wrSect, 0).replace("\r", "");
    }

    private int gap(String what) {
        io.err("sim: " + tool + " " + what + " is not simulated\n");
        return 2;
    }

    private int fail(String text) {
        io.err(text);
        return 1;
    }

    private int dispatch(List<String> a) {
        if (a.isEmpty()) {
            return gap("without a subcommand (usage text)");
        }
        String sub = a.remove(0);
        a = endOptions(a);
        return switch (sub) {
            case "list" -> list(a);
            case "info" -> info(a);
            case "create" -> create(a);
            case "shutdown" -> shutdown(a);
            case "destroy" -> destroy(a);
            case "reboot" -> reboot(a);
            case "pause" -> pause(a, true);
            case "unpause" -> pause(a, false);
            case "mem-set" -> memSet(a, false);
            case "mem-max" -> memSet(a, true);
            case "vcpu-set" -> vcpuSet(a);
            case "console" -> console(a);
            case "block-attach" -> xm ? gap(sub) : blockAttach(a);
            case "block-list" -> xm ? gap(sub) : blockList(a);
            case "block-detach" -> xm ? gap(sub) : blockDetach(a);
            case "trigger" -> xm ? gap(sub) : trigger(a);
            case "save" -> xm ? gap(sub) : save(a);
            case "restore" -> xm ? gap(sub) : restore(a);
            case "domid" -> domid(a);
            case "domname" -> domname(a);
            default -> {
                if (xm) {
                    yield gap(sub);
                }
                // RECONSTRUCTED: tools/xl/xl.c main() for an unknown command (error-unknown-command-reconstructed.txt)
                yield fail("command not implemented\n");
            }
        };
    }

    // ---- domains -----------------------------------------------------------------------------------------

    /** Running (or paused) guest domains in domid order. */
    private List<SimVm> domains() {
        List<SimVm> l = new ArrayList<>(host.vms().stream().filter(v -> v.state().hasProcess()).toList());
        l.sort(Comparator.comparingInt(host::domid));
        return l;
    }

    /** A guest domain argument: empty when not found (the error is printed, except for Domain-0). */
    private Optional<SimVm> find(String arg, boolean withRc) {
        Optional<SimVm> d;
        if (arg.matches("\\d+")) {
            int id = Integer.parseInt(arg);
            d = domains().stream().filter(v -> host.domid(v) == id).findFirst();
        } else {
            d = domains().stream().filter(v -> v.name().equals(arg)).findFirst();
        }
        if (d.isEmpty() && !isDom0(arg)) {
            io.err(XenText.invalidDomain(xm, arg, withRc));
        }
        return d;
    }

    /**
     * The guest domain a subcommand names; otherwise the subcommand ends: with {@code dom0Gap} as a simulator
     * gap when the argument is Domain-0, else with exit 1 after {@link #find}'s error.
     */
    private SimVm domain(String arg, boolean withRc, String dom0Gap) {
        Optional<SimVm> d = find(arg, withRc);
        if (d.isEmpty()) {
            throw new ToolExit(dom0Gap != null && isDom0(arg) ? gap(dom0Gap) : 1);
        }
        return d.get();
    }

    private static boolean isDom0(String arg) {
        return arg.equals("0") || arg.equals("Domain-0");
    }

    /** Positional words: those not starting with '-', and every word after a "--" (xl's getopt). */
    private List<String> positional(List<String> a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (literalFrom >= 0 && i >= literalFrom || !a.get(i).startsWith("-")) {
                out.add(a.get(i));
            }
        }
        return out;
    }

    /** Options: the words before "--" (or all words without one) that start with '-'. */
    private List<String> options(List<String> a) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size() && (literalFrom < 0 || i < literalFrom); i++) {
            if (a.get(i).startsWith("-")) {
                out.add(a.get(i));
            }
        }
        return out;
    }

    /**
     * xl parses every subcommand's options with getopt, which ends them at "--": drops the first "--"
     * that only options precede and remembers where the literal words start. (xm is xend's Python
     * CLI: only some subcommands use getopt, so the simulated xm keeps "--" as a word.)
     */
    private List<String> endOptions(List<String> a) {
        if (xm) {
            return a;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i).equals("--")) {
                List<String> out = new ArrayList<>(a);
                out.remove(i);
                literalFrom = i;
                return out;
            }
            if (!a.get(i).startsWith("-")) {
                break;
            }
        }
        return a;
    }

    // ---- list / info -------------------------------------------------------------------------------------

    private int list(List<String> a) {
        boolean longFmt = options(a).contains("-l") || options(a).contains("--long");
        List<String> doms = positional(a);
        if (options(a).stream().anyMatch(x -> !x.equals("-l") && !x.equals("--long"))) {
            return gap("list " + String.join(" ", a));
        }
        List<SimVm> shown = new ArrayList<>();
        boolean dom0 = doms.isEmpty();
        for (String d : doms) {
            if (isDom0(d)) {
                dom0 = true;
                continue;
            }
            Optional<SimVm> v = d.matches("\\d+") && !xm
                    ? domains().stream().filter(x -> host.domid(x) == Integer.parseInt(d)).findFirst()
                    : find(d, true);
            if (v.isEmpty()) {
                if (d.matches("\\d+") && !xm) {
                    io.err("Error: Domain '" + d + "' does not exist.\n");
                }
                return 1;
            }
            shown.add(v.get());
        }
        if (doms.isEmpty()) {
            shown = domains();
        }
        if (longFmt) {
            if (xm) {
                return gap("list -l (sxp)");
            }
            List<String> entries = new ArrayList<>();
            if (dom0) {
                entries.add(XenText.dom0Json(host));
            }
            for (SimVm v : shown) {
                entries.add(XenText.domainJson(host, v));
            }
            io.out("[\n" + String.join(",\n", entries) + "\n]\n");
            return 0;
        }
        StringBuilder sb = new StringBuilder(xm ? XenText.XM_LIST_HEADER : XenText.XL_LIST_HEADER);
        if (dom0) {
            sb.append(XenText.listRow(xm, "Domain-0", 0, host.dom0MemoryMb(), host.cpus(), "r-----", 3129.9));
        }
        for (SimVm v : shown) {
            sb.append(XenText.listRow(xm, v.name(), host.domid(v), v.memoryCurMb(), v.vcpusCur(),
                    v.state() == VmPowerState.PAUSED ? "--p---" : "-b----", v.cpuTimeNs() / 1e9));
        }
        io.out(sb.toString());
        return 0;
    }

    private int info(List<String> a) {
        if (!a.isEmpty()) {
            return gap("info " + String.join(" ", a));
        }
        io.out(xm ? XenText.xmInfo(host) : XenText.xlInfo(host));
        return 0;
    }

    private int domid(List<String> a) {
        if (a.size() != 1) {
            return gap("domid " + String.join(" ", a));
        }
        if (a.get(0).equals("Domain-0")) {
            io.out("0\n");
            return 0;
        }
        Optional<SimVm> v = domains().stream().filter(x -> x.name().equals(a.get(0))).findFirst();
        if (v.isEmpty()) {
            return fail("Can't get domid of domain name '" + a.get(0) + "', maybe this domain does not exist.\n");
        }
        io.out(host.domid(v.get()) + "\n");
        return 0;
    }

    private int domname(List<String> a) {
        if (a.size() != 1 || !a.get(0).matches("\\d+")) {
            return gap("domname " + String.join(" ", a));
        }
        if (a.get(0).equals("0")) {
            io.out("Domain-0\n");
            return 0;
        }
        Optional<SimVm> v = domains().stream().filter(x -> host.domid(x) == Integer.parseInt(a.get(0))).findFirst();
        if (v.isEmpty()) {
            return fail("Can't get domain name of domain id '" + a.get(0) + "', maybe this domain does not exist.\n");
        }
        io.out(v.get().name() + "\n");
        return 0;
    }

    // ---- create ------------------------------------------------------------------------------------------

    private int create(List<String> a) {
        boolean paused = a.remove("-p");
        a.remove("-q");
        if (a.size() != 1 || a.get(0).startsWith("-")) {
            return gap("create " + String.join(" ", a));
        }
        String path = a.get(0);
        Optional<SimFiles.File> file = host.files().get(path);
        if (file.isEmpty()) {
            if (xm) {
                // RECONSTRUCTED: xm create with a missing config file (xend-era wording)
                return fail("Error: Unable to open config file: " + path + "\n");
            }
            io.err("Failed to read config file: " + path + ": No such file or directory\n");
            return 3;
        }
        if (!xm) {
            io.err("Parsing config from " + path + "\n");
        }
        XenConfig cfg;
        try {
            cfg = XenConfig.parse(file.get().content());
        } catch (XenConfig.ParseException e) {
            // RECONSTRUCTED: libxlu's parse error line and xl's summary (tools/xl/xl_parse.c)
            return fail(path + ": config parsing error: " + e.getMessage() + "\nFailed to parse config: Invalid argument\n");
        }
        String name = cfg.string("name");
        if (name == null || name.isEmpty()) {
            // RECONSTRUCTED: tools/xl/xl_parse.c parse_config_data
            return fail("Domain name must be specified.\n");
        }
        Optional<SimVm> existing = host.vms().stream().filter(v -> v.name().equals(name)).findFirst();
        if (existing.isPresent() && existing.get().state().hasProcess()) {
            if (xm) {
                // RECONSTRUCTED: xend's duplicate-name error
                return fail("Error: Domain '" + name + "' already exists with ID '" + host.domid(existing.get()) + "'\n");
            }
            int id = host.domid(existing.get()) + 1;
            io.err(XenText.duplicate(name, id));
            return 3;
        }
        int mem = cfg.integer("memory") == null ? 128 : cfg.integer("memory");
        int maxmem = Math.max(mem, cfg.integer("maxmem") == null ? mem : cfg.integer("maxmem"));
        int vcpus = cfg.integer("vcpus") == null ? 1 : cfg.integer("vcpus");
        int maxv = Math.max(vcpus, cfg.integer("maxvcpus") == null ? vcpus : cfg.integer("maxvcpus"));
        if (mem > host.freeMemoryMb()) {
            // RECONSTRUCTED: libxl's out-of-memory failure at domain build
            return fail("libxl: error: libxl_create.c:1296:initiate_domain_create: cannot make domain: -3\n");
        }
        String bridge = null;
        for (String vif : cfg.list("vif")) {
            for (String kv : vif.split(",")) {
                if (kv.strip().startsWith("bridge=")) {
                    bridge = kv.strip().substring("bridge=".length());
                }
            }
            String br = bridge == null ? "xenbr0" : bridge; // xl's default bridge
            if (!host.hasBridge(br)) {
                // RECONSTRUCTED (libxl 4.17 messages, line numbers illustrative): the hotplug script fails and
                // the half-built domain is destroyed again
                return fail("libxl: error: libxl_exec.c:117:libxl_report_child_exitstatus: /etc/xen/scripts/vif-bridge"
                        + " online [2290] exited with error status 1\n"
                        + "libxl: error: libxl_device.c:1286:device_hotplug_child_death_cb: script: Could not find"
                        + " bridge device " + br + "\n"
                        + "libxl: error: libxl_create.c:1896:domcreate_attach_devices: Domain 7:unable to add vif"
                        + " devices\n");
            }
            bridge = br;
        }
        String nicBridge = bridge;
        SimVm vm = existing.orElseGet(() -> host.register(name, UUID.randomUUID().toString(), "/etc/xen"));
        synchronized (vm) {
            vm.memory(mem, maxmem).vcpus(vcpus, maxv).xenConfigPath(path)
                    .nic(nicBridge == null ? "none" : "bridge", nicBridge);
            vm.disks().forEach(d -> vm.removeDisk(d.target()));
            for (String spec : cfg.list("disk")) {
                DiskSpec d = DiskSpec.parse(spec);
                if (d != null) {
                    vm.addDisk(new SimVm.Disk(d.vdev(), d.target(), d.format(), true, true));
                }
            }
            vm.state(paused ? VmPowerState.PAUSED : VmPowerState.RUNNING);
            int id = host.domid(vm);
            if (xm) {
                // RECONSTRUCTED: xm create's messages (xend era)
                io.out("Using config file \"" + path + "\".\nStarted domain " + name + " (id=" + id + ")\n");
            }
        }
        return 0;
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------

    private int shutdown(List<String> a) {
        boolean wait = options(a).contains("-w") || options(a).contains("-ww");
        List<String> p = positional(a);
        if (p.size() != 1) {
            return gap("shutdown " + String.join(" ", a));
        }
        SimVm vm = domain(p.get(0), true, "shutdown of Domain-0");
        int id = host.domid(vm);
        if (!xm) {
            io.err("Shutting down domain " + id + "\n");
        }
        if (vm.acpiHonoured()) {
            GUEST.schedule(() -> {
                synchronized (vm) {
                    if (vm.state().hasProcess() && host.domid(vm) == id) {
                        vm.state(VmPowerState.POWEROFF);
                        vm.disks().stream().filter(x -> !x.config()).forEach(x -> vm.removeDisk(x.target()));
                    }
                }
            }, host.acpiShutdownDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        if (wait) {
            if (!xm) {
                io.err("Waiting for 1 domains\n");
            }
            while (vm.state().hasProcess() && host.domid(vm) == id) {
                try {
                    Thread.sleep(20); // a guest that ignores the request keeps xl waiting, as the real one does
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 1;
                }
            }
            if (!xm) {
                io.err("Domain " + id + " has been shut down, reason code 0\n");
            }
        }
        return 0;
    }

    private int destroy(List<String> a) {
        List<String> p = positional(a);
        if (p.size() != 1) {
            return gap("destroy " + String.join(" ", a));
        }
        String arg = p.get(0);
        if (isDom0(arg) && !xm) {
            return fail("Not destroying domain 0; use -f to force.\n"
                    + "This can only be done when using a disaggregated hardware domain and toolstack.\n");
        }
        if (arg.matches("\\d+") && !xm && domains().stream().noneMatch(v -> host.domid(v) == Integer.parseInt(arg))) {
            return fail(XenText.destroyNoDomid(arg));
        }
        SimVm vm = domain(arg, true, null);
        synchronized (vm) {
            vm.state(VmPowerState.POWEROFF);
            vm.disks().stream().filter(x -> !x.config()).forEach(x -> vm.removeDisk(x.target()));
        }
        return 0;
    }

    private int reboot(List<String> a) {
        List<String> p = positional(a);
        if (p.size() != 1) {
            return gap("reboot " + String.join(" ", a));
        }
        SimVm vm = domain(p.get(0), true, "reboot of Domain-0");
        synchronized (vm) {
            if (!xm) {
                // RECONSTRUCTED: tools/xl/xl_vmcontrol.c reboot_domain() (shutdown-destroy-reboot-pause-reconstructed.txt)
                io.err("Rebooting domain " + host.domid(vm) + "\n");
            }
            // Xen rebuilds a rebooted domain: it comes back with a new domain id
            vm.state(VmPowerState.POWEROFF);
            vm.state(VmPowerState.RUNNING);
            host.domid(vm);
        }
        return 0;
    }

    private int pause(List<String> a, boolean pause) {
        if (a.size() != 1) {
            return gap((pause ? "pause " : "unpause ") + String.join(" ", a));
        }
        SimVm vm = domain(a.get(0), true, "pausing Domain-0");
        synchronized (vm) {
            vm.state(pause ? VmPowerState.PAUSED : VmPowerState.RUNNING); // silent, exit 0, as recorded
        }
        return 0;
    }

    private static final Pattern MEM = Pattern.compile("(\\d+)([bBkKmMgGtT]?)");

    /** xl's memory argument: KiB by default, or with a b/k/m/g/t suffix; xm's is MiB. Returns MiB or -1. */
    private long mib(String v) {
        Matcher m = MEM.matcher(v);
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (xm && unit.isEmpty()) {
            return n;
        }
        return switch (unit) {
            case "b" -> n / 1024 / 1024;
            case "", "k" -> n / 1024;
            case "m" -> n;
            case "g" -> n * 1024;
            default -> n * 1024 * 1024;
        };
    }

    private int memSet(List<String> a, boolean max) {
        String sub = max ? "mem-max" : "mem-set";
        if (a.size() != 2) {
            return gap(sub + " " + String.join(" ", a));
        }
        String value = a.get(1);
        if (isDom0(a.get(0))) {
            long mb = mib(value);
            if (mb <= 0) {
                return fail("invalid memory size: " + value + "\n");
            }
            host.dom0MemoryMb(mb);
            return 0;
        }
        SimVm vm = domain(a.get(0), true, null);
        long mb = mib(value);
        if (mb <= 0) {
            // RECONSTRUCTED: tools/xl/xl_mem.c parse_mem_size_kb failure (mem-set-vcpu-set-reconstructed.txt)
            return fail("invalid memory size: " + value + "\n");
        }
        synchronized (vm) {
            int id = host.domid(vm);
            if (max) {
                vm.memory((int) Math.min(vm.memoryCurMb(), mb), (int) mb);
                return 0;
            }
            if (mb > vm.memoryMaxMb()) {
                if (xm) {
                    // RECONSTRUCTED: xend's error for a target above maxmem
                    return fail("Error: memory_dynamic_max must be less than or equal to memory_static_max\n");
                }
                return fail("libxl: error: libxl_mem.c:278:libxl_set_memory_target: Domain " + id
                        + ":memory_dynamic_max must be less than or equal to memory_static_max\n\n"
                        + "cannot set domid " + id + " dynamic max memory to : " + value + "\n");
            }
            vm.memory((int) mb, vm.memoryMaxMb());
        }
        return 0;
    }

    private int vcpuSet(List<String> a) {
        boolean ignoreHost = a.remove("--ignore-host") | a.remove("-i");
        if (a.size() != 2) {
            return gap("vcpu-set " + String.join(" ", a));
        }
        SimVm vm = domain(a.get(0), true, "vcpu-set of Domain-0");
        if (!a.get(1).matches("\\d{1,4}")) {
            // RECONSTRUCTED: mem-set-vcpu-set-reconstructed.txt
            return fail("Error: Invalid argument.\n");
        }
        int n = Integer.parseInt(a.get(1));
        synchronized (vm) {
            int id = host.domid(vm);
            if (xm) {
                if (n < 1 || n > vm.vcpusMax()) {
                    // RECONSTRUCTED: xend's vcpu-set limit error
                    return fail("Error: Cannot set vcpus greater than max vcpus on running domain\n");
                }
                vm.vcpus(n, vm.vcpusMax());
                return 0;
            }
            if (n > host.cpus() && !ignoreHost) {
                return fail("You are overcommmitting! You have " + host.cpus() + " physical CPUs and want " + n
                        + " vCPUs! Aborting, use --ignore-host to continue\n");
            }
            if (n == 0) {
                return fail("libxl: error: libxl_domain.c:1863:libxl_set_vcpuonline: Domain " + id
                        + ":Requested 0 VCPUs!: Function not implemented\n"
                        + "libxl_set_vcpuonline failed domid=" + id + " max_vcpus=0, rc: -3\n");
            }
            if (n > vm.vcpusMax()) {
                // RECONSTRUCTED: libxl_set_vcpuonline's check against the boot-time maximum (same shape as the
                // captured "Requested 0 VCPUs!" failure)
                return fail("libxl: error: libxl_domain.c:1869:libxl_set_vcpuonline: Domain " + id + ":Requested " + n
                        + " VCPUs, however maxcpus is " + vm.vcpusMax() + "!: Function not implemented\n"
                        + "libxl_set_vcpuonline failed domid=" + id + " max_vcpus=" + n + ", rc: -3\n");
            }
            vm.vcpus(n, vm.vcpusMax());
        }
        return 0;
    }

    // ---- block devices -----------------------------------------------------------------------------------

    /** An xl disk spec: {@code format=raw,vdev=xvdb,access=rw,target=/path} or {@code phy:/path,xvdb,w}. */
    record DiskSpec(String target, String vdev, String format) {
        static DiskSpec parse(String spec) {
            String target = null;
            String vdev = null;
            String format = "raw";
            List<String> positional = new ArrayList<>();
            for (String part : spec.split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq > 0) {
                    String k = p.substring(0, eq);
                    String v = p.substring(eq + 1);
                    switch (k) {
                        case "target" -> target = v;
                        case "vdev" -> vdev = v;
                        case "format" -> format = v;
                        default -> { }
                    }
                } else {
                    positional.add(p);
                }
            }
            if (target == null && !positional.isEmpty()) {
                String t = positional.get(0);
                target = t.contains(":") ? t.substring(t.indexOf(':') + 1) : t;
            }
            if (vdev == null && positional.size() > 1) {
                vdev = positional.get(1);
            }
            return target == null || vdev == null ? null : new DiskSpec(target, vdev, format);
        }
    }

    private int blockAttach(List<String> a) {
        if (a.size() < 2) {
            return gap("block-attach " + String.join(" ", a));
        }
        SimVm vm = domain(a.get(0), false, null);
        DiskSpec spec = DiskSpec.parse(String.join(",", a.subList(1, a.size())));
        if (spec == null || XenText.vdevNumber(spec.vdev()) < 0) {
            return gap("block-attach with disk spec " + String.join(" ", a.subList(1, a.size())));
        }
        synchronized (vm) {
            int id = host.domid(vm);
            if (vm.disks().stream().anyMatch(x -> x.target().equals(spec.vdev()))) {
                return fail("libxl: error: libxl_disk.c:343:device_disk_add: Domain " + id
                        + ":device already exists in xenstore\n"
                        + "libxl: error: libxl_device.c:1486:device_addrm_aocomplete: unable to add device\n"
                        + "libxl_device_disk_add failed.\n");
            }
            if (!host.files().exists(spec.target())) {
                return fail("libxl: error: libxl_device.c:455:libxl__device_disk_set_backend: Disk vdev="
                        + spec.vdev() + " failed to stat: " + spec.target() + ": No such file or directory\n"
                        + "libxl: error: libxl_device.c:1486:device_addrm_aocomplete: unable to add device\n"
                        + "libxl_device_disk_add failed.\n");
            }
            vm.addDisk(new SimVm.Disk(spec.vdev(), spec.target(), spec.format(), true, false));
        }
        return 0;
    }

    private int blockList(List<String> a) {
        if (a.isEmpty()) {
            return gap("block-list without a domain");
        }
        StringBuilder sb = new StringBuilder();
        for (String dom : a) {
            io.out(XenText.BLOCK_LIST_HEADER);
            Optional<SimVm> d = find(dom, false);
            if (d.isEmpty()) {
                continue; // xl prints the error and goes on: exit 0 (recorded)
            }
            int id = host.domid(d.get());
            int n = 0;
            for (SimVm.Disk disk : d.get().disks()) {
                int dev = XenText.vdevNumber(disk.target());
                sb.append(String.format(Locale.ROOT, "%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n", dev, 0, id, 4,
                        9 + 2 * n, 8 + 2 * n, "/local/domain/0/backend/vbd/" + id + "/" + dev));
                n++;
            }
            io.out(sb.toString());
            sb.setLength(0);
        }
        return 0;
    }

    private int blockDetach(List<String> a) {
        if (a.size() != 2) {
            return gap("block-detach " + String.join(" ", a));
        }
        SimVm vm = domain(a.get(0), true, null);
        synchronized (vm) {
            String vdev = a.get(1);
            if (vm.disks().stream().noneMatch(x -> x.target().equals(vdev))) {
                return fail("libxl: error: libxl_disk.c:516:libxl__disk_from_xenstore: disk /libxl/" + host.domid(vm)
                        + "/device/vbd/" + XenText.vdevNumber(vdev) + " does not exist (no backend path\n"
                        + "Error: Device " + vdev + " not connected.\n");
            }
            vm.removeDisk(vdev);
        }
        return 0;
    }

    private int trigger(List<String> a) {
        if (a.size() != 2 || !a.get(1).equals("reset")) {
            return gap("trigger " + String.join(" ", a));
        }
        SimVm vm = domain(a.get(0), true, null);
        String type = "pv";
        if (vm.xenConfigPath() != null) {
            try {
                String t = XenConfig.parse(host.files().get(vm.xenConfigPath()).map(SimFiles.File::content).orElse(""))
                        .string("type");
                type = t == null ? "pv" : t;
            } catch (XenConfig.ParseException e) {
                type = "pv";
            }
        }
        if (type.equals("pv")) {
            // RECONSTRUCTED: libxl_send_trigger on a PV guest (no emulated reset line) and xl's summary
            return fail("libxl: error: libxl_domain.c:1797:libxl_send_trigger: Domain " + host.domid(vm)
                    + ":Send trigger 'reset' failed: Function not implemented\n"
                    + "setting trigger failed (rc=-3)\n");
        }
        synchronized (vm) {
            vm.state(VmPowerState.RUNNING);
        }
        return 0;
    }

    private int save(List<String> a) {
        List<String> p = positional(a);
        if (p.size() != 2) {
            return gap("save " + String.join(" ", a));
        }
        SimVm vm = domain(p.get(0), true, null);
        synchronized (vm) {
            // recorded: lab/xen/outputs/xl-save-restore.txt (the 5 % progress steps shortened to the last)
            io.err("Saving to " + p.get(1) + " new xl format (info 0x3/0x0/841)\n"
                    + "xc: info: Saving domain " + host.domid(vm) + ", type x86 PV\n");
            long frames = (long) vm.memoryMaxMb() * 256;
            io.err("xc: progress: Frames: " + frames + "/" + frames + "  100%\n"
                    + "xc: progress: End of stream: 0/0    0%\n");
            host.files().putImage(p.get(1), (long) vm.memoryCurMb() << 20);
            vm.state(VmPowerState.POWEROFF);
        }
        return 0;
    }

    /** {@code xl restore CONFIG IMAGE} (the form virtdeck uses); formats as recorded in lab/xen/outputs/xl-save-restore.txt. */
    private int restore(List<String> a) {
        List<String> p = positional(a);
        if (p.size() != 2 || p.size() != a.size()) {
            return gap("restore " + String.join(" ", a));
        }
        String config = p.get(0);
        String image = p.get(1);
        if (host.files().get(image).isEmpty()) {
            return fail("Can't open restore file: No such file or directory\n");
        }
        io.err("Loading new save file " + image + " (new xl fmt info 0x3/0x0/841)\n"
                + " Savefile contains xl domain config in JSON format\n");
        String name = host.files().get(config).map(f -> {
            try {
                return XenConfig.parse(f.content()).string("name");
            } catch (XenConfig.ParseException e) {
                return null;
            }
        }).orElse(null);
        Optional<SimVm> running = domains().stream().filter(v -> v.name().equals(name)).findFirst();
        if (running.isPresent()) {
            io.err("Parsing config from " + config + "\n");
            int id = host.domid(running.get()) + 1;
            return fail("libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain " + id + ":Domain with name \""
                    + name + "\" already exists.\n"
                    + "libxl: error: libxl_create.c:1296:initiate_domain_create: Domain " + id
                    + ":cannot make domain: -6\n");
        }
        int rc = create(new ArrayList<>(List.of(config)));
        if (rc == 0) {
            io.err("xc: info: Found x86 PV domain from Xen 4.17\nxc: info: Restoring domain\n"
                    + "xc: info: Restore successful\n");
        }
        return rc;
    }

    // ---- console -----------------------------------------------------------------------------------------

    private int console(List<String> a) {
        List<String> p = positional(a);
        if (p.size() != 1 || a.size() != 1) {
            return gap("console " + String.join(" ", a));
        }
        SimVm vm = domain(p.get(0), true, "console of Domain-0");
        Object token = vm.takeConsole(true); // xenconsoled lets a new client in
        try {
            return GuestConsole.attach(vm, io, token); // no banner: only guest output (console-behaviour.txt)
        } finally {
            vm.releaseConsole(token);
        }
    }
}
