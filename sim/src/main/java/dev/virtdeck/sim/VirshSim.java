package dev.virtdeck.sim;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Emulates {@code virsh} (libvirt 9.0.0, qemu:///system) on a KVM {@link SimHost}. Arguments after the global
 * options are either ONE command string (virsh's own syntax, several commands separated by {@code ;}, see
 * {@link VirshCommandString}) or one command as separate words. As in virsh, every command string is parsed
 * before anything runs (a parse error runs nothing), then the commands run in order whatever their outcome; each
 * command except {@code echo} ends with an empty line on stdout; errors go to stderr as {@code error: ...}; the
 * exit code is the last command's (0 or 1). Commands the simulator does not know answer {@code sim: ...} with
 * exit 2 only where virsh itself would know them; names virsh does not know get virsh's "unknown command".
 *
 * <p>Size (~940 lines): one small method per virsh command the drivers use (about forty), over one
 * host's domain table and its disk files; parsing of command strings is in
 * {@link VirshCommandString} and texts in {@link VirshText}. Kept as one simulated tool so its
 * state transitions read in one place against virsh's manual.
 */
final class VirshSim {

    private static final ScheduledExecutorService ACPI = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-virsh-acpi");
        t.setDaemon(true);
        return t;
    });

    /** One option of a command: name, type (b = bool, s = string, n = number/scaled), positional or not. */
    private record Opt(String name, char type, boolean positional, boolean required) {}

    private static final Map<String, List<Opt>> COMMANDS = new HashMap<>();
    /** Commands virsh has but the simulator does not emulate (answer: sim gap, exit 2). */
    private static final List<String> KNOWN_NOT_SIMULATED = List.of("create", "edit", "migrate", "save", "restore",
            "snapshot-create", "detach-disk", "dommemstat", "domblkstat", "vcpuinfo", "net-list",
            "pool-list", "vol-list", "domiflist", "domifaddr", "domname", "connect", "uri");

    static {
        def("list", "all:b inactive:b transient:b persistent:b with-managed-save:b without-managed-save:b "
                + "autostart:b no-autostart:b with-snapshot:b without-snapshot:b with-checkpoint:b "
                + "without-checkpoint:b state-running:b state-paused:b state-shutoff:b state-other:b uuid:b "
                + "name:b id:b table:b managed-save:b title:b");
        def("domstats", "state:b cpu-total:b balloon:b vcpu:b interface:b block:b perf:b iothread:b memory:b "
                + "dirtyrate:b vm:b list-active:b list-inactive:b list-persistent:b list-transient:b "
                + "list-running:b list-paused:b list-shutoff:b list-other:b raw:b enforce:b backing:b nowait:b "
                + "domain:s*");
        def("dominfo", "domain:s*!");
        def("domstate", "domain:s*! reason:b");
        def("domuuid", "domain:s*!");
        def("domid", "domain:s*!");
        def("start", "domain:s*! console:b paused:b autodestroy:b bypass-cache:b force-boot:b pass-fds:s "
                + "reset-nvram:b");
        def("shutdown", "domain:s*! mode:s");
        def("destroy", "domain:s*! graceful:b remove-logs:b");
        def("reboot", "domain:s*! mode:s");
        def("reset", "domain:s*!");
        def("suspend", "domain:s*!");
        def("resume", "domain:s*!");
        def("managedsave", "domain:s*! bypass-cache:b running:b paused:b verbose:b");
        def("setmem", "domain:s*! size:n*! config:b live:b current:b");
        def("setmaxmem", "domain:s*! size:n*! config:b live:b current:b");
        def("setvcpus", "domain:s*! count:n*! maximum:b config:b live:b current:b guest:b hotpluggable:b");
        def("vcpucount", "domain:s*! maximum:b active:b live:b config:b current:b guest:b");
        def("attach-disk", "domain:s*! source:s*! target:s*! targetbus:s driver:s subdriver:s iothread:s cache:s "
                + "io:s type:s mode:s sourcetype:s serial:s wwn:s rawio:b address:s multifunction:b print-xml:b "
                + "persistent:b config:b live:b current:b");
        def("domblklist", "domain:s*! inactive:b details:b");
        def("domblkinfo", "domain:s*! device:s human:b all:b");
        def("define", "file:s*! validate:b");
        def("undefine", "domain:s*! managed-save:b storage:s remove-all-storage:b delete-storage-volume-snapshots:b "
                + "wipe-storage:b snapshots-metadata:b checkpoints-metadata:b nvram:b keep-nvram:b tpm:b keep-tpm:b");
        def("dumpxml", "domain:s*! inactive:b security-info:b update-cpu:b migratable:b xpath:s wrap:b");
        def("nodeinfo", "");
        def("version", "daemon:b");
        def("maxvcpus", "type:s");
        def("hostname", "");
        def("capabilities", "xpath:s wrap:b");
        def("console", "domain:s*! devname:s* force:b safe:b resume:b");
        def("snapshot-create-as", "domain:s*! name:s* description:s* print-xml:b no-metadata:b halt:b disk-only:b "
                + "reuse-external:b quiesce:b atomic:b live:b validate:b memspec:s diskspec:s");
        def("snapshot-list", "domain:s*! parent:b roots:b leaves:b no-leaves:b metadata:b no-metadata:b inactive:b "
                + "active:b disk-only:b internal:b external:b tree:b from:s current:b descendants:b name:b topological:b");
        def("snapshot-current", "domain:s*! name:b security-info:b snapshotname:s");
        def("snapshot-dumpxml", "domain:s*! snapshotname:s*! security-info:b");
        def("snapshot-revert", "domain:s*! snapshotname:s* current:b running:b paused:b force:b reset-nvram:b");
        def("snapshot-delete", "domain:s*! snapshotname:s* current:b children:b children-only:b metadata:b");
        def("autostart", "domain:s*! disable:b");
        def("net-info", "network:s*!");
    }

    private static void def(String name, String spec) {
        List<Opt> opts = new ArrayList<>();
        for (String o : spec.trim().isEmpty() ? new String[0] : spec.trim().split("\\s+")) {
            String[] p = o.split(":");
            String flags = p[1];
            opts.add(new Opt(p[0], flags.charAt(0), flags.contains("*"), flags.contains("!")));
        }
        COMMANDS.put(name, opts);
    }

    /** One parsed command: its name and options ({@code ""} for a set bool; repeated values joined by \0). */
    private record Cmd(String name, Map<String, String> opts, List<String> extra) {
        boolean has(String o) {
            return opts.containsKey(o);
        }

        String get(String o) {
            return opts.get(o);
        }
    }

    private final SimHost host;
    private final Io io;

    private VirshSim(SimHost host, Io io) {
        this.host = host;
        this.io = io;
    }

    static int run(SimHost host, List<String> args, Io io) {
        return new VirshSim(host, io).main(args);
    }

    private int main(List<String> args) {
        String uri = "qemu:///system";
        int i = 0;
        for (; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-c") || a.equals("--connect")) && i + 1 < args.size()) {
                uri = args.get(++i);
            } else if (a.startsWith("--connect=")) {
                uri = a.substring("--connect=".length());
            } else if (a.equals("-q") || a.equals("--quiet") || a.equals("-r") || a.equals("--readonly")) {
                continue; // --quiet is not modelled: the sim always prints the informational lines
            } else if (a.equals("-v") || a.equals("--version") || a.equals("-V")) {
                io.out(VirshText.VERSION + "\n");
                return 0;
            } else if (a.startsWith("-")) {
                io.err("sim: virsh option " + a + " is not simulated\n");
                return 2;
            } else {
                break;
            }
        }
        List<String> rest = args.subList(i, args.size());
        if (rest.isEmpty()) {
            io.err("sim: interactive virsh is not simulated\n");
            return 2;
        }
        List<List<String>> words;
        try {
            words = rest.size() == 1 ? VirshCommandString.parse(rest.get(0)) : List.of(rest);
        } catch (VirshCommandString.SyntaxError e) {
            io.err("error: " + e.getMessage() + "\n");
            return 1;
        }
        List<Cmd> cmds = new ArrayList<>();
        for (List<String> w : words) {
            Cmd c = parse(w);
            if (c == null) {
                return 1;
            }
            if (c.name().startsWith("sim-gap:")) {
                io.err("sim: virsh " + c.name().substring(8) + " is not simulated\n");
                return 2;
            }
            cmds.add(c);
        }
        if (!uri.equals("qemu:///system") && !uri.equals("qemu:///session")) {
            io.err(VirshText.connectFailed(uri));
            return 1;
        }
        boolean ok = true;
        for (Cmd c : cmds) {
            if (c.name().equals("echo")) {
                io.out(String.join(" ", c.extra()) + "\n");
                ok = true;
                continue;
            }
            if (c.name().equals("console")) {
                return console(c); // interactive: nothing after it is run by this simulator
            }
            ok = execute(c);
            io.out("\n");
        }
        return ok ? 0 : 1;
    }

    // ---- option parsing ----------------------------------------------------------------------------------

    private Cmd parse(List<String> w) {
        String name = w.get(0);
        if (name.equals("echo")) {
            List<String> text = w.subList(1, w.size()).stream()
                    .filter(x -> !x.equals("--shell") && !x.equals("--xml") && !x.equals("--split")).toList();
            return new Cmd("echo", Map.of(), text);
        }
        List<Opt> spec = COMMANDS.get(name);
        if (spec == null) {
            if (KNOWN_NOT_SIMULATED.contains(name)) {
                return new Cmd("sim-gap:" + name, Map.of(), List.of());
            }
            io.err(VirshText.unknownCommand(name));
            return null;
        }
        Map<String, String> opts = new LinkedHashMap<>();
        List<Opt> positional = spec.stream().filter(Opt::positional).collect(Collectors.toCollection(ArrayList::new));
        for (int i = 1; i < w.size(); i++) {
            String a = w.get(i);
            if (a.startsWith("--") && a.length() > 2) {
                String on = a.substring(2);
                String value = null;
                int eq = on.indexOf('=');
                if (eq > 0) {
                    value = on.substring(eq + 1);
                    on = on.substring(0, eq);
                }
                String optName = on;
                Optional<Opt> o = spec.stream().filter(x -> x.name().equals(optName)).findFirst();
                if (o.isEmpty()) {
                    io.err(VirshText.unsupportedOption(name, optName));
                    return null;
                }
                if (o.get().type() != 'b' && value == null) {
                    if (i + 1 >= w.size()) {
                        io.err(VirshText.expectedSyntax(optName, o.get().type() == 'n'));
                        return null;
                    }
                    value = w.get(++i);
                }
                put(name, opts, optName, value == null ? "" : value);
                positional.remove(o.get());
            } else {
                if (name.equals("domstats")) {
                    put(name, opts, "domain", a); // domstats takes any number of domains
                    continue;
                }
                if (positional.isEmpty()) {
                    io.err(VirshText.unexpectedData(a));
                    return null;
                }
                put(name, opts, positional.remove(0).name(), a);
            }
        }
        for (Opt o : spec) {
            if (o.required() && !opts.containsKey(o.name())) {
                io.err(VirshText.requiresOption(name, o.name()));
                return null;
            }
        }
        return new Cmd(name, opts, List.of());
    }

    private static void put(String cmd, Map<String, String> opts, String key, String value) {
        if (cmd.equals("domstats") && key.equals("domain") && opts.containsKey(key)) {
            opts.put(key, opts.get(key) + "\0" + value);
        } else {
            opts.put(key, value);
        }
    }

    // ---- commands ----------------------------------------------------------------------------------------

    /** Runs one command; false when it failed (its error is already on stderr). */
    private boolean execute(Cmd c) {
        return switch (c.name()) {
            case "list" -> list(c);
            case "domstats" -> domstats(c);
            case "nodeinfo" -> print(VirshText.nodeinfo(host));
            case "version" -> print(VirshText.VERSION_OUTPUT);
            case "maxvcpus" -> print(VirshText.MAXVCPUS);
            case "hostname" -> print(host.hostname() + "\n");
            case "capabilities" -> print(VirshText.capabilities(host));
            case "define" -> define(c);
            case "net-info" -> netInfo(c.get("network"));
            default -> withDomain(c);
        };
    }

    /** The sim host has libvirt's stock NAT network, 'default', active; no other. */
    private boolean netInfo(String name) {
        if (!name.equals("default")) return fail(VirshText.noNetwork(name));
        return print(VirshText.netInfo(name, "96c82e7a-aba6-4f73-9790-2fd7e2ddd70d", "virbr0"));
    }

    /** virsh 9.0 (recorded with test:///default): "marked/unmarked as autostarted" and a blank line; a transient domain is refused in libvirt's words. */
    private boolean autostart(SimVm vm, boolean on) {
        if (!vm.persistent()) {
            return fail("error: Failed to " + (on ? "mark" : "unmark") + " domain '" + vm.name() + "' as autostarted\n"
                    + "error: Requested operation is not valid: cannot set autostart for transient domain\n");
        }
        vm.autostart(on);
        return print("Domain '" + vm.name() + "' " + (on ? "marked" : "unmarked") + " as autostarted\n\n");
    }

    private boolean print(String s) {
        io.out(s);
        return true;
    }

    private boolean fail(String s) {
        io.err(s);
        return false;
    }

    /** Looks a domain up like virsh: a number is an id of a running domain, then a UUID, then a name. */
    private Optional<SimVm> lookup(String key) {
        if (key.matches("\\d+")) {
            int id = Integer.parseInt(key);
            Optional<SimVm> byId = host.vms().stream().filter(v -> host.domid(v) == id).findFirst();
            if (byId.isPresent()) {
                return byId;
            }
        }
        if (key.matches("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")) {
            Optional<SimVm> byUuid = host.vms().stream()
                    .filter(v -> v.uuid().replace("-", "").equalsIgnoreCase(key.replace("-", ""))).findFirst();
            if (byUuid.isPresent()) {
                return byUuid;
            }
        }
        return host.vms().stream().filter(v -> v.name().equals(key)).findFirst();
    }

    private boolean withDomain(Cmd c) {
        String key = c.get("domain");
        Optional<SimVm> found = lookup(key);
        if (found.isEmpty()) {
            return fail(VirshText.noDomain(key));
        }
        SimVm vm = found.get();
        synchronized (vm) {
            return switch (c.name()) {
                case "dominfo" -> print(VirshText.dominfo(host, vm));
                case "autostart" -> autostart(vm, !c.has("disable"));
                case "domstate" -> print(VirshText.stateWord(vm.state())
                        + (c.has("reason") ? " (" + vm.stateReason() + ")" : "") + "\n");
                case "domuuid" -> print(vm.uuid() + "\n");
                case "domid" -> print((host.domid(vm) < 0 ? "-" : Integer.toString(host.domid(vm))) + "\n");
                case "start" -> start(vm, c);
                case "shutdown" -> shutdown(vm);
                case "destroy" -> destroy(vm);
                case "reboot" -> active(vm, "reboot", "Domain '%s' is being rebooted\n");
                case "reset" -> active(vm, "reset", "Domain '%s' was reset\n");
                case "suspend" -> suspend(vm);
                case "resume" -> resume(vm);
                case "managedsave" -> managedsave(vm);
                case "setmem" -> setmem(vm, c);
                case "setmaxmem" -> setmaxmem(vm, c);
                case "setvcpus" -> setvcpus(vm, c);
                case "vcpucount" -> vcpucount(vm);
                case "attach-disk" -> attachDisk(vm, c);
                case "domblklist" -> domblklist(vm, c);
                case "domblkinfo" -> domblkinfo(vm, c);
                case "undefine" -> undefine(vm, c);
                case "dumpxml" -> print(VirshText.dumpxml(host, vm, c.has("inactive") || !vm.state().hasProcess()));
                case "snapshot-create-as", "snapshot-list", "snapshot-current", "snapshot-dumpxml", "snapshot-revert",
                        "snapshot-delete" -> VirshSnapshots.run(host, vm, c.name(), c.opts(), io);
                default -> throw new IllegalStateException(c.name());
            };
        }
    }

    private boolean start(SimVm vm, Cmd c) {
        if (vm.state().hasProcess()) {
            return fail(VirshText.ALREADY_ACTIVE);
        }
        boolean restored = vm.state() == VmPowerState.SAVED;
        vm.state(c.has("paused") ? VmPowerState.PAUSED : VmPowerState.RUNNING,
                c.has("paused") ? "user" : restored ? "restored" : "booted");
        host.domid(vm);
        io.out("Domain '" + vm.name() + "' started\n");
        return true;
    }

    private boolean shutdown(SimVm vm) {
        if (!vm.state().hasProcess()) {
            return fail(VirshText.failed("shutdown", vm.name(), VirshText.NOT_RUNNING));
        }
        io.out("Domain '" + vm.name() + "' is being shutdown\n");
        if (vm.acpiHonoured()) {
            ACPI.schedule(() -> {
                synchronized (vm) {
                    if (vm.state() == VmPowerState.RUNNING) {
                        stopped(vm, "shutdown");
                    }
                }
            }, host.acpiShutdownDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /** The domain's process is gone: a transient domain disappears with it. */
    private void stopped(SimVm vm, String reason) {
        vm.state(VmPowerState.POWEROFF, reason);
        vm.disks().stream().filter(d -> !d.config()).forEach(d -> vm.removeDisk(d.target()));
        if (!vm.persistent()) {
            host.unregister(vm);
        }
    }

    private boolean destroy(SimVm vm) {
        if (!vm.state().hasProcess()) {
            return fail(VirshText.failed("destroy", vm.name(), VirshText.NOT_RUNNING));
        }
        stopped(vm, "destroyed");
        io.out("Domain '" + vm.name() + "' destroyed\n");
        return true;
    }

    private boolean active(SimVm vm, String verb, String message) {
        if (!vm.state().hasProcess()) {
            // captured with the test driver (same libvirt check as the qemu driver)
            return fail(VirshText.failed(verb, vm.name(), VirshText.NOT_RUNNING));
        }
        io.out(String.format(message, vm.name()));
        return true;
    }

    private boolean suspend(SimVm vm) {
        if (!vm.state().hasProcess()) {
            return fail(VirshText.failed("suspend", vm.name(), VirshText.NOT_RUNNING));
        }
        vm.state(VmPowerState.PAUSED, "user"); // an already paused domain: rc 0, same message (recorded)
        io.out("Domain '" + vm.name() + "' suspended\n");
        return true;
    }

    private boolean resume(SimVm vm) {
        if (vm.state() == VmPowerState.RUNNING) {
            return fail(VirshText.failed("resume", vm.name(),
                    "error: Requested operation is not valid: domain is already running\n"));
        }
        if (!vm.state().hasProcess()) {
            // RECONSTRUCTED: qemuDomainResume's inactive check (virDomainObjCheckActive), same wording as destroy's
            return fail(VirshText.failed("resume", vm.name(), VirshText.NOT_RUNNING));
        }
        vm.state(VmPowerState.RUNNING, "unpaused");
        io.out("Domain '" + vm.name() + "' resumed\n");
        return true;
    }

    private boolean managedsave(SimVm vm) {
        if (!vm.state().hasProcess()) {
            return fail("error: Failed to save domain '" + vm.name() + "' state\n" + VirshText.NOT_RUNNING);
        }
        if (!vm.persistent()) {
            // RECONSTRUCTED: libvirt qemu_driver.c qemuDomainManagedSave
            return fail("error: Failed to save domain '" + vm.name() + "' state\n"
                    + "error: Requested operation is not valid: cannot do managed save for transient domain\n");
        }
        vm.state(VmPowerState.SAVED, "saved");
        io.out("\nDomain '" + vm.name() + "' state saved by libvirt\n");
        return true;
    }

    /** Resolves --live/--config/--current; returns null (after printing the error) when they conflict. */
    private String scope(Cmd c, SimVm vm) {
        if (c.has("current") && c.has("live")) {
            io.err(VirshText.mutuallyExclusive("current", "live"));
            return null;
        }
        if (c.has("current") && c.has("config")) {
            io.err(VirshText.mutuallyExclusive("current", "config"));
            return null;
        }
        boolean live = c.has("live") || !c.has("config") && vm.state().hasProcess();
        if (c.has("live") && !vm.state().hasProcess()) {
            io.err(VirshText.NOT_RUNNING);
            return null;
        }
        return live && c.has("config") ? "both" : live ? "live" : "config";
    }

    /** A scaled size in KiB (virsh's default unit), or null after printing virsh's error. */
    private Long kib(String value, String opt) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([A-Za-z]*)").matcher(value);
        if (!m.matches()) {
            io.err(VirshText.scaledMalformed(value, opt));
            return null;
        }
        long n = Long.parseLong(m.group(1));
        double k = switch (m.group(2)) {
            case "", "k", "K", "KiB", "kib", "kiB" -> 1;
            case "b", "B", "bytes" -> 1.0 / 1024;
            case "KB", "kB" -> 1000.0 / 1024;
            case "m", "M", "MiB" -> 1024;
            case "MB" -> 1e6 / 1024;
            case "g", "G", "GiB" -> 1024 * 1024;
            case "GB" -> 1e9 / 1024;
            case "t", "T", "TiB" -> 1024.0 * 1024 * 1024;
            default -> -1;
        };
        if (k < 0) {
            io.err(VirshText.scaledMalformed(value, opt));
            return null;
        }
        return (long) Math.ceil(n * k);
    }

    private boolean setmem(SimVm vm, Cmd c) {
        Long kib = kib(c.get("size"), "size");
        String scope = kib == null ? null : scope(c, vm);
        if (scope == null) {
            return false;
        }
        int mb = (int) Math.max(1, kib / 1024);
        if (mb > vm.memoryMaxMb()) {
            return fail("error: invalid argument: cannot set memory higher than max memory\n");
        }
        vm.memory(mb, vm.memoryMaxMb());
        return true;
    }

    private boolean setmaxmem(SimVm vm, Cmd c) {
        Long kib = kib(c.get("size"), "size");
        String scope = kib == null ? null : scope(c, vm);
        if (scope == null) {
            return false;
        }
        if (!scope.equals("config")) {
            return fail("error: Unable to change MaxMemorySize\n"
                    + "error: Requested operation is not valid: cannot resize the maximum memory on an active domain\n");
        }
        int mb = (int) Math.max(1, kib / 1024);
        vm.memory(Math.min(mb, vm.memoryCurMb()), mb);
        return true;
    }

    private Integer count(Cmd c) {
        String v = c.get("count");
        if (!v.matches("\\d{1,6}") || Integer.parseInt(v) < 1) {
            io.err(VirshText.numericMalformed(v, "count"));
            return null;
        }
        return Integer.parseInt(v);
    }

    private boolean setvcpus(SimVm vm, Cmd c) {
        if (c.has("maximum") && !c.has("config")) {
            return fail("error: Option --config is required by option --maximum\n");
        }
        Integer n = count(c);
        String scope = n == null ? null : scope(c, vm);
        if (scope == null) {
            return false;
        }
        if (c.has("maximum")) {
            if (n > 255) {
                return fail("error: invalid argument: requested cpu amount exceeds maximum supported amount ("
                        + n + " > 255)\n");
            }
            vm.vcpus(Math.min(vm.vcpusCur(), n), n);
            return true;
        }
        if (n > vm.vcpusMax()) {
            // RECONSTRUCTED: libvirt 9 qemu_hotplug.c / qemu_driver.c wording (captured text is the test driver's)
            return fail("error: invalid argument: requested vcpus is greater than max allowable vcpus for the "
                    + (scope.equals("config") ? "persistent" : "live") + " domain: " + n + " > " + vm.vcpusMax() + "\n");
        }
        vm.vcpus(n, vm.vcpusMax());
        return true;
    }

    private boolean vcpucount(SimVm vm) {
        String f = "%-12s %-12s %3d\n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, f, "maximum", "config", vm.vcpusMax()));
        if (vm.state().hasProcess()) {
            sb.append(String.format(Locale.ROOT, f, "maximum", "live", vm.vcpusMax()));
        }
        sb.append(String.format(Locale.ROOT, f, "current", "config", vm.vcpusCur()));
        if (vm.state().hasProcess()) {
            sb.append(String.format(Locale.ROOT, f, "current", "live", vm.vcpusCur()));
        }
        return print(sb.toString());
    }

    private boolean attachDisk(SimVm vm, Cmd c) {
        String scope;
        if (c.has("persistent")) {
            scope = vm.state().hasProcess() ? "both" : "config";
        } else {
            scope = scope(c, vm);
        }
        if (scope == null) {
            return fail("error: Failed to attach disk\n");
        }
        String target = c.get("target");
        String source = c.get("source");
        boolean live = !scope.equals("config");
        if (vm.disks().stream().anyMatch(d -> d.target().equals(target))) {
            // RECONSTRUCTED: libvirt virDomainDiskDefCheckDuplicateInfo / qemu hotplug "target %s already exists"
            return fail("error: Failed to attach disk\nerror: operation failed: target " + target + " already exists\n");
        }
        if (live && !host.files().exists(source)) {
            // RECONSTRUCTED: libvirt storage file access check on hotplug
            return fail("error: Failed to attach disk\nerror: Cannot access storage file '" + source
                    + "': No such file or directory\n");
        }
        String format = c.has("subdriver") ? c.get("subdriver") : "raw";
        vm.addDisk(new SimVm.Disk(target, source, format, live, !scope.equals("live")));
        // RECONSTRUCTED: virsh cmdAttachDisk success line (libvirt tools/virsh-domain.c)
        io.out("Disk attached successfully\n");
        return true;
    }

    private boolean domblklist(SimVm vm, Cmd c) {
        boolean inactive = c.has("inactive") || !vm.state().hasProcess();
        List<List<String>> rows = new ArrayList<>();
        for (SimVm.Disk d : vm.disks()) {
            if (inactive ? d.config() : d.live()) {
                rows.add(c.has("details") ? List.of("file", "disk", d.target(), d.source())
                        : List.of(d.target(), d.source()));
            }
        }
        List<String> header = c.has("details") ? List.of("Type", "Device", "Target", "Source")
                : List.of("Target", "Source");
        return print(VirshText.table(header, rows));
    }

    /**
     * {@code domblkinfo --all} in bytes (domblkinfo-all-disk-cdrom.txt): capacity is the image's
     * size; allocation and physical are those recorded for a fresh qcow2 (the simulator keeps no
     * allocation); "-" when the file is missing.
     */
    private boolean domblkinfo(SimVm vm, Cmd c) {
        if (!c.has("all")) {
            return fail("sim: virsh domblkinfo without --all is not simulated\n");
        }
        boolean inactive = !vm.state().hasProcess();
        List<List<String>> rows = new ArrayList<>();
        for (SimVm.Disk d : vm.disks()) {
            if (inactive ? d.config() : d.live()) {
                Optional<SimFiles.File> f = host.files().get(d.source());
                rows.add(f.isPresent() ? List.of(d.target(), Long.toString(f.get().size()), "200704", "196616")
                        : List.of(d.target(), "-", "-", "-"));
            }
        }
        return print(VirshText.table(List.of("Target", "Capacity", "Allocation", "Physical"), rows));
    }

    private boolean undefine(SimVm vm, Cmd c) {
        if (vm.state() == VmPowerState.SAVED && !c.has("managed-save")) {
            return fail("error: Refusing to undefine while domain managed save image exists\n");
        }
        if (!vm.persistent()) {
            // RECONSTRUCTED: libvirt qemuDomainUndefineFlags on a transient domain
            return fail("error: Failed to undefine domain '" + vm.name() + "'\n"
                    + "error: Requested operation is not valid: cannot undefine transient domain\n");
        }
        if (c.has("remove-all-storage")) {
            vm.disks().forEach(d -> host.files().remove(d.source()));
        }
        if (vm.state().hasProcess()) {
            vm.persistent(false); // a running domain stays, transient, until it stops
        } else {
            host.unregister(vm);
        }
        io.out("Domain '" + vm.name() + "' has been undefined\n");
        return true;
    }

    // ---- list / domstats ---------------------------------------------------------------------------------

    /** virsh's order: running domains by id, then inactive ones by name. */
    private List<SimVm> sorted() {
        List<SimVm> all = new ArrayList<>(host.vms());
        all.sort(Comparator.<SimVm>comparingInt(v -> v.state().hasProcess() ? 0 : 1)
                .thenComparingInt(v -> v.state().hasProcess() ? host.domid(v) : 0)
                .thenComparing(SimVm::name));
        return all;
    }

    private boolean list(Cmd c) {
        boolean anyState = c.has("state-running") || c.has("state-paused") || c.has("state-shutoff")
                || c.has("state-other");
        List<SimVm> vms = new ArrayList<>();
        for (SimVm v : sorted()) {
            boolean active = v.state().hasProcess();
            if (!c.has("all") && !anyState && (c.has("inactive") ? active : !active)) {
                continue;
            }
            if (anyState && !(c.has("state-running") && v.state() == VmPowerState.RUNNING
                    || c.has("state-paused") && v.state() == VmPowerState.PAUSED
                    || c.has("state-shutoff") && !active
                    || c.has("state-other") && v.state() == VmPowerState.GURU_MEDITATION)) {
                continue;
            }
            if (c.has("transient") && v.persistent() || c.has("persistent") && !v.persistent()) {
                continue;
            }
            boolean saved = v.state() == VmPowerState.SAVED;
            if (c.has("with-managed-save") && !saved || c.has("without-managed-save") && saved) {
                continue;
            }
            vms.add(v);
        }
        StringBuilder sb = new StringBuilder();
        if (c.has("uuid") || c.has("name") || c.has("id")) {
            for (SimVm v : vms) {
                if (c.has("id") && !c.has("uuid") && !c.has("name")) {
                    if (host.domid(v) >= 0) {
                        sb.append(host.domid(v)).append('\n');
                    }
                    continue;
                }
                List<String> parts = new ArrayList<>();
                if (c.has("uuid")) {
                    parts.add(v.uuid());
                }
                if (c.has("name")) {
                    parts.add(v.name());
                }
                sb.append(String.join(" ", parts)).append('\n');
            }
            return print(sb.toString());
        }
        List<String> header = new ArrayList<>(List.of("Id", "Name", "State"));
        if (c.has("title")) {
            header.add("Title");
        }
        List<List<String>> rows = new ArrayList<>();
        for (SimVm v : vms) {
            int id = host.domid(v);
            String state = c.has("managed-save") && v.state() == VmPowerState.SAVED ? "saved"
                    : VirshText.stateWord(v.state());
            List<String> row = new ArrayList<>(List.of(id < 0 ? "-" : Integer.toString(id), v.name(), state));
            if (c.has("title")) {
                row.add("");
            }
            rows.add(row);
        }
        return print(VirshText.table(header, rows));
    }

    private boolean domstats(Cmd c) {
        List<SimVm> vms;
        boolean ok = true;
        if (c.has("domain")) {
            vms = new ArrayList<>();
            for (String key : c.get("domain").split("\0")) {
                Optional<SimVm> v = lookup(key);
                if (v.isEmpty()) {
                    io.err(VirshText.noDomain(key));
                    return false;
                }
                vms.add(v.get());
            }
        } else {
            vms = sorted().stream().filter(v -> listFilter(c, v)).toList();
        }
        boolean all = !(c.has("state") || c.has("cpu-total") || c.has("balloon") || c.has("vcpu")
                || c.has("interface") || c.has("block") || c.has("perf") || c.has("iothread") || c.has("memory")
                || c.has("dirtyrate") || c.has("vm"));
        List<String> records = new ArrayList<>();
        for (SimVm v : vms) {
            records.add(record(v, c, all));
        }
        io.out(String.join("\n", records));
        return ok;
    }

    private static boolean listFilter(Cmd c, SimVm v) {
        boolean active = v.state().hasProcess();
        if (c.has("list-active") && !active || c.has("list-inactive") && active) {
            return false;
        }
        if (c.has("list-running") && v.state() != VmPowerState.RUNNING
                || c.has("list-paused") && v.state() != VmPowerState.PAUSED
                || c.has("list-shutoff") && active) {
            return false;
        }
        return !(c.has("list-persistent") && !v.persistent() || c.has("list-transient") && v.persistent());
    }

    /** One domstats record in the recorded key order (state, cpu, balloon, vcpu, net, block, dirtyrate). */
    private static String record(SimVm v, Cmd c, boolean all) {
        StringBuilder sb = new StringBuilder("Domain: '").append(v.name()).append("'\n");
        boolean active = v.state().hasProcess();
        if (all || c.has("state")) {
            sb.append("  state.state=").append(VirshText.stateNumber(v.state())).append('\n');
            sb.append("  state.reason=").append(VirshText.reasonNumber(v.state(), v.stateReason())).append('\n');
        }
        long cpu = v.cpuTimeNs();
        if (all || c.has("cpu-total")) {
            sb.append("  cpu.time=").append(cpu).append('\n');
            sb.append("  cpu.user=").append(cpu * 9 / 10).append('\n');
            sb.append("  cpu.system=").append(cpu - cpu * 9 / 10).append('\n');
            if (active) {
                sb.append("  cpu.cache.monitor.count=0\n  cpu.haltpoll.success.time=0\n  cpu.haltpoll.fail.time=0\n");
            }
        }
        if (all || c.has("balloon")) {
            sb.append("  balloon.current=").append(v.memoryCurMb() * 1024L).append('\n');
            sb.append("  balloon.maximum=").append(v.memoryMaxMb() * 1024L).append('\n');
            if (active) {
                sb.append("  balloon.last-update=0\n  balloon.rss=").append(v.memoryCurMb() * 1024L * 5 / 6).append('\n');
            }
        }
        if (all || c.has("vcpu")) {
            sb.append("  vcpu.current=").append(v.vcpusCur()).append('\n');
            sb.append("  vcpu.maximum=").append(v.vcpusMax()).append('\n');
            if (active) {
                for (int i = 0; i < v.vcpusCur(); i++) {
                    sb.append("  vcpu.").append(i).append(".state=1\n");
                    sb.append("  vcpu.").append(i).append(".time=").append(cpu / v.vcpusCur() / 10_000_000 * 10_000_000)
                            .append('\n');
                    sb.append("  vcpu.").append(i).append(".wait=0\n");
                    sb.append("  vcpu.").append(i).append(".delay=0\n");
                }
            }
        }
        if ((all || c.has("interface")) && active) {
            sb.append("  net.count=0\n"); // simulated domains have no interface
        }
        if (all || c.has("block")) {
            List<SimVm.Disk> disks = v.disks().stream().filter(d -> active ? d.live() : d.config()).toList();
            sb.append("  block.count=").append(disks.size()).append('\n');
            for (int i = 0; i < disks.size(); i++) {
                sb.append("  block.").append(i).append(".name=").append(disks.get(i).target()).append('\n');
                sb.append("  block.").append(i).append(".path=").append(disks.get(i).source()).append('\n');
                if (active) { // made-up traffic that grows with the run's cpu time, as a busy disk's would
                    sb.append("  block.").append(i).append(".rd.reqs=").append(cpu / 409_600).append('\n');
                    sb.append("  block.").append(i).append(".rd.bytes=").append(cpu / 100).append('\n');
                    sb.append("  block.").append(i).append(".wr.reqs=").append(cpu / 1_638_400).append('\n');
                    sb.append("  block.").append(i).append(".wr.bytes=").append(cpu / 400).append('\n');
                }
            }
        }
        if (all && active) {
            sb.append("  dirtyrate.calc_status=0\n  dirtyrate.calc_start_time=0\n  dirtyrate.calc_period=0\n"
                    + "  dirtyrate.calc_mode=page-sampling\n");
        }
        return sb.toString();
    }

    // ---- define / console --------------------------------------------------------------------------------

    private boolean define(Cmd c) {
        String file = c.get("file");
        String xml;
        if (file.equals("/dev/stdin") || file.equals("-")) {
            try {
                xml = new String(io.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            Optional<SimFiles.File> f = host.files().get(file);
            if (f.isEmpty()) {
                // RECONSTRUCTED: virFileReadAll's error as virsh prints it
                return fail("error: Failed to read file '" + file + "' to define domain\n"
                        + "error: Failed to open file '" + file + "': No such file or directory\n");
            }
            xml = f.get().content();
        }
        String name;
        String uuid;
        int maxMb;
        int curMb;
        int vMax;
        int vCur;
        List<SimVm.Disk> disks = new ArrayList<>();
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            Element root = doc.getDocumentElement();
            name = text(root, "name");
            uuid = text(root, "uuid");
            Element mem = first(root, "memory");
            Element cur = first(root, "currentMemory");
            Element vcpu = first(root, "vcpu");
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("missing name information");
            }
            if (mem == null) {
                throw new IllegalArgumentException("missing memory information");
            }
            maxMb = (int) (toKib(mem) / 1024);
            curMb = cur == null ? maxMb : (int) (toKib(cur) / 1024);
            vMax = vcpu == null ? 1 : Integer.parseInt(vcpu.getTextContent().trim());
            vCur = vcpu == null || vcpu.getAttribute("current").isEmpty() ? vMax
                    : Integer.parseInt(vcpu.getAttribute("current"));
            NodeList ds = root.getElementsByTagName("disk");
            for (int i = 0; i < ds.getLength(); i++) {
                Element d = (Element) ds.item(i);
                Element src = first(d, "source");
                Element tgt = first(d, "target");
                Element drv = first(d, "driver");
                if (src != null && tgt != null && "disk".equals(d.getAttribute("device"))) {
                    disks.add(new SimVm.Disk(tgt.getAttribute("dev"), src.getAttribute("file"),
                            drv == null ? "raw" : drv.getAttribute("type"), false, true));
                }
            }
        } catch (Exception e) {
            // RECONSTRUCTED: libvirt's XML error shape
            return fail("error: Failed to define domain from " + file + "\nerror: XML error: " + e.getMessage() + "\n");
        }
        Optional<SimVm> existing = host.vms().stream().filter(v -> v.name().equals(name)).findFirst();
        if (existing.isPresent() && (uuid == null || !existing.get().uuid().equalsIgnoreCase(uuid))) {
            return fail("error: Failed to define domain from " + file + "\nerror: operation failed: domain '" + name
                    + "' already exists with uuid " + existing.get().uuid() + "\n");
        }
        SimVm vm = existing.orElseGet(() -> host.register(name,
                uuid == null ? UUID.randomUUID().toString() : uuid.toLowerCase(Locale.ROOT), "/var/lib/libvirt"));
        synchronized (vm) {
            vm.persistent(true);
            if (!vm.state().hasProcess()) {
                vm.memory(Math.min(curMb, maxMb), maxMb).vcpus(Math.min(vCur, vMax), vMax);
                vm.disks().forEach(d -> vm.removeDisk(d.target()));
                disks.forEach(vm::addDisk);
            }
        }
        io.out("Domain '" + name + "' defined from " + file + "\n");
        return true;
    }

    private static long toKib(Element e) {
        long n = Long.parseLong(e.getTextContent().trim());
        String unit = e.getAttribute("unit");
        return switch (unit) {
            case "", "KiB", "k", "K" -> n;
            case "MiB", "M", "m" -> n * 1024;
            case "GiB", "G", "g" -> n * 1024 * 1024;
            case "b", "bytes" -> n / 1024;
            default -> throw new IllegalArgumentException("unknown unit " + unit);
        };
    }

    private static Element first(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static String text(Element parent, String tag) {
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    private int console(Cmd c) {
        String key = c.get("domain");
        Optional<SimVm> found = lookup(key);
        if (found.isEmpty()) {
            io.err(VirshText.noDomain(key));
            io.out("\n");
            return 1;
        }
        SimVm vm = found.get();
        if (!io.pty) {
            io.err(VirshText.CONSOLE_NO_TTY);
            io.out("\n");
            return 1;
        }
        if (!vm.state().hasProcess()) {
            io.err(VirshText.CONSOLE_NOT_RUNNING);
            io.out("\n");
            return 1;
        }
        io.out(String.format(VirshText.CONSOLE_BANNER, vm.name()));
        Object token = vm.takeConsole(c.has("force"));
        if (token == null) {
            io.err(VirshText.CONSOLE_BUSY);
            io.out("\n");
            return 1;
        }
        try {
            GuestConsole.attach(vm, io, token);
        } finally {
            vm.releaseConsole(token);
        }
        io.out("\n");
        return 0;
    }
}
