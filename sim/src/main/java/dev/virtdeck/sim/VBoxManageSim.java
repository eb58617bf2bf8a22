package dev.virtdeck.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Emulates {@code VBoxManage} on one {@link SimHost}: state transitions on the host's VMs and the recorded
 * output (texts in {@link VBoxText}). Exit codes: 0 ok, 1 failure, 2 syntax error (NOTES section 8); options
 * and subcommands the simulator does not know answer {@code sim: ...} on stderr with exit 2 so a client never
 * mistakes a simulator gap for VirtualBox behaviour.
 *
 * <p>Size (~670 lines): one small method per VBoxManage subcommand the drivers use, over one
 * host's VM table; the texts are in {@link VBoxText}. A simulator of one tool in one class keeps
 * its state transitions in one place, where a reviewer compares them with the tool's manual.
 */
final class VBoxManageSim {

    /** Guests that honour ACPI power off after a delay; a daemon scheduler keeps that off the SSH threads. */
    private static final ScheduledExecutorService ACPI = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sim-acpi");
        t.setDaemon(true);
        return t;
    });

    private static final Map<String, String> OS_TYPES = Map.of(
            "Ubuntu_64", "Ubuntu (64-bit)",
            "Debian_64", "Debian (64-bit)",
            "RedHat_64", "Red Hat (64-bit)",
            "Linux26_64", "Linux 2.6 / 3.x / 4.x (64-bit)",
            "Linux_64", "Other Linux (64-bit)",
            "Other", "Other/Unknown",
            "Other_64", "Other/Unknown (64-bit)");

    private final SimHost host;
    private final VBoxVersion v;
    private final Io io;

    private VBoxManageSim(SimHost host, Io io) {
        this.host = host;
        this.v = host.vboxVersion();
        this.io = io;
    }

    static int run(SimHost host, List<String> args, Io io) {
        return ToolExit.run(() -> new VBoxManageSim(host, io).dispatch(new ArrayList<>(args)));
    }

    private int dispatch(List<String> a) {
        while (!a.isEmpty() && (a.get(0).equals("-q") || a.get(0).equals("--nologo"))) {
            a.remove(0);
        }
        if (a.isEmpty()) {
            return gap("VBoxManage without a subcommand (usage text)");
        }
        String sub = a.remove(0);
        return switch (sub) {
            case "--version", "-v", "-V", "-version" -> {
                io.out(v.versionString() + "\n");
                yield 0;
            }
            case "list" -> list(a);
            case "showvminfo" -> showvminfo(a);
            case "startvm" -> startvm(a);
            case "controlvm" -> controlvm(a);
            case "modifyvm" -> modifyvm(a);
            case "createvm" -> createvm(a);
            case "clonevm" -> clonevm(a);
            case "unregistervm" -> unregistervm(a);
            case "createmedium", "createhd" -> createmedium(a);
            case "closemedium" -> closemedium(a);
            case "storagectl" -> storagectl(a);
            case "storageattach" -> storageattach(a);
            case "snapshot" -> snapshot(a);
            case "guestproperty" -> guestproperty(a);
            case "metrics" -> VBoxMetricsSim.run(host, a, io);
            default -> gap("VBoxManage " + sub);
        };
    }

    private int gap(String what) {
        io.err("sim: " + what + " is not simulated\n");
        return 2;
    }

    private int fail(String text) {
        io.err(text);
        return 1;
    }

    /** The VM a subcommand names; an unknown one ends the subcommand with VBoxManage's error. */
    private SimVm vm(String subcommand, String target) {
        Optional<SimVm> vm = host.findVm(target);
        if (vm.isEmpty()) {
            throw new ToolExit(fail(VBoxText.unknownVm(v, subcommand, target)));
        }
        return vm.get();
    }

    /** Parses a subcommand's options; an unknown or incomplete one ends the subcommand as a simulator gap. */
    private Opts opts(List<String> args, List<String> valued, List<String> flagNames) {
        Opts o = Opts.parse(args, valued, flagNames);
        if (o.error != null) {
            throw new ToolExit(gap(o.error));
        }
        return o;
    }

    /** The one VM name of startvm/unregistervm: more or fewer is a simulator gap. */
    private String oneVmName(String subcommand, Opts o) {
        if (o.positional.size() != 1) {
            throw new ToolExit(gap("VBoxManage " + subcommand + " with " + o.positional.size() + " VM names"));
        }
        return o.positional.get(0);
    }

    private void progress() {
        long step = host.progressStep().toMillis();
        for (String part : VBoxText.PROGRESS_STEPS.split("(?<=\\.\\.\\.)")) {
            io.err(part); // written incrementally, no newline until 100% (PITFALL in the progress sample)
            sleep(step);
        }
        io.err("\n");
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- list ----------------------------------------------------------------------------------------------

    private int list(List<String> a) {
        if (a.size() != 1) {
            return gap("VBoxManage list " + String.join(" ", a));
        }
        switch (a.get(0)) {
            case "vms" -> host.vms().forEach(vm -> io.out(VBoxText.vmLine(vm.name(), vm.uuid())));
            case "runningvms" -> host.vms().stream().filter(vm -> vm.state().hasProcess())
                    .forEach(vm -> io.out(VBoxText.vmLine(vm.name(), vm.uuid())));
            case "hostinfo" -> io.out(VBoxText.hostinfo(v, host.clock().instant(), host.cpus(), 16000, 11000));
            case "systemproperties" -> io.out(VBoxText.systemproperties(v, host.home()));
            default -> {
                return gap("VBoxManage list " + a.get(0));
            }
        }
        return 0;
    }

    // ---- showvminfo ------------------------------------------------------------------------------------------

    private int showvminfo(List<String> a) {
        String target = null;
        boolean machineReadable = false;
        for (String s : a) {
            if (s.equals("--machinereadable") || s.equals("-machinereadable")) {
                machineReadable = true;
            } else if (s.equals("--details")) {
                continue;
            } else if (s.startsWith("-")) {
                return gap("VBoxManage showvminfo option " + s);
            } else if (target == null) {
                target = s;
            } else {
                return gap("VBoxManage showvminfo with two VM names");
            }
        }
        if (target == null) {
            return gap("VBoxManage showvminfo without a VM");
        }
        SimVm vm = vm("showvminfo", target);
        if (!machineReadable) {
            return gap("VBoxManage showvminfo human format (use --machinereadable)");
        }
        synchronized (vm) {
            io.out(VBoxText.showvminfo(v, vm));
        }
        return 0;
    }

    // ---- startvm ---------------------------------------------------------------------------------------------

    private int startvm(List<String> a) {
        Opts o = opts(a, List.of("--type"), List.of());
        String target = oneVmName("startvm", o);
        String type = o.values.getOrDefault("--type", "gui");
        if (!List.of("headless", "gui", "sdl", "separate").contains(type)) {
            return gap("VBoxManage startvm --type " + type);
        }
        SimVm vm = vm("startvm", target);
        synchronized (vm) {
            if (vm.state().hasProcess()) {
                return fail(VBoxText.startvmLocked(v, vm.name()));
            }
            // a saved VM restores its state; poweroff/aborted boot
            vm.state(VmPowerState.RUNNING);
        }
        io.out(VBoxText.startvmOk(vm.name()));
        return 0;
    }

    // ---- controlvm -------------------------------------------------------------------------------------------

    private int controlvm(List<String> a) {
        if (a.size() < 2) {
            return gap("VBoxManage controlvm with " + a.size() + " arguments");
        }
        String target = a.get(0);
        String action = a.get(1);
        List<String> rest = a.subList(2, a.size());
        SimVm vm = vm("controlvm", target);
        if (!List.of("poweroff", "acpipowerbutton", "pause", "resume", "reset", "savestate", "plugcpu",
                "unplugcpu", "guestmemoryballoon").contains(action)) {
            return gap("VBoxManage controlvm " + action);
        }
        synchronized (vm) {
            VmPowerState st = vm.state();
            if (!st.hasProcess()) {
                return fail(VBoxText.notRunning(vm.name()));
            }
            switch (action) {
                case "poweroff" -> {
                    vm.state(VmPowerState.POWEROFF);
                    progress();
                }
                case "acpipowerbutton" -> {
                    if (st != VmPowerState.RUNNING) {
                        return fail(VBoxText.invalidVmState(v, st.vboxApiName(), "PowerButton()"));
                    }
                    if (vm.acpiHonoured()) {
                        ACPI.schedule(() -> {
                            synchronized (vm) {
                                if (vm.state() == VmPowerState.RUNNING) {
                                    vm.state(VmPowerState.POWEROFF);
                                }
                            }
                        }, host.acpiShutdownDelay().toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
                case "pause" -> {
                    if (st != VmPowerState.RUNNING) {
                        return fail(VBoxText.invalidVmState(v, st.vboxApiName(), "Pause()"));
                    }
                    vm.state(VmPowerState.PAUSED);
                }
                case "resume" -> {
                    if (st != VmPowerState.PAUSED) {
                        return fail(VBoxText.invalidVmState(v, st.vboxApiName(), "Resume()"));
                    }
                    vm.state(VmPowerState.RUNNING);
                }
                case "reset" -> {
                    if (st != VmPowerState.RUNNING) {
                        return fail(VBoxText.invalidVmState(v, st.vboxApiName(), "Reset()"));
                    }
                    vm.touchState();
                }
                case "savestate" -> {
                    vm.state(VmPowerState.SAVED);
                    progress();
                }
                case "plugcpu", "unplugcpu" -> {
                    return hotplug(vm, action, rest);
                }
                default -> {
                    return balloon(vm, rest);
                }
            }
        }
        return 0;
    }

    private int hotplug(SimVm vm, String action, List<String> rest) {
        Integer cpu = rest.size() == 1 ? parseInt(rest.get(0)) : null;
        if (cpu == null) {
            return gap("VBoxManage controlvm " + action + " " + String.join(" ", rest));
        }
        String call = (action.equals("plugcpu") ? "HotPlugCPU(" : "HotUnplugCPU(") + cpu + ")";
        if (!vm.cpuHotplug()) {
            return fail(VBoxText.cpuHotplugError(v, "CPU hotplug is not enabled", VBoxText.Rc.VBOX_E_INVALID_VM_STATE,
                    call));
        }
        if (cpu >= vm.vcpusMax()) {
            return fail(VBoxText.cpuHotplugError(v, "CPU id exceeds number of possible CPUs [0:"
                    + (vm.vcpusMax() - 1) + "]", VBoxText.Rc.E_INVALIDARG, call));
        }
        // plugged CPUs are modelled as the contiguous ids 0..cur-1
        if (action.equals("plugcpu")) {
            if (cpu < vm.vcpusCur()) {
                return fail(VBoxText.cpuHotplugError(v, "CPU " + cpu + " is already attached",
                        VBoxText.Rc.VBOX_E_INVALID_OBJECT_STATE, call));
            }
            vm.vcpus(vm.vcpusCur() + 1, vm.vcpusMax());
        } else {
            if (cpu == 0) {
                return fail(VBoxText.cpuHotplugError(v, "It is not possible to detach CPU 0",
                        VBoxText.Rc.E_INVALIDARG, call));
            }
            if (cpu >= vm.vcpusCur()) {
                return fail(VBoxText.cpuHotplugError(v, "CPU " + cpu + " is not attached",
                        VBoxText.Rc.VBOX_E_INVALID_OBJECT_STATE, call));
            }
            vm.vcpus(vm.vcpusCur() - 1, vm.vcpusMax());
        }
        return 0;
    }

    private int balloon(SimVm vm, List<String> rest) {
        Integer mb = rest.size() == 1 ? parseInt(rest.get(0)) : null;
        if (mb == null || mb < 0) {
            return gap("VBoxManage controlvm guestmemoryballoon " + String.join(" ", rest));
        }
        if (mb >= vm.memoryMaxMb()) {
            // RECONSTRUCTED: Machine::setMemoryBalloonSize range check text
            return fail(VBoxText.error("Invalid memory balloon size: " + mb + " MB (must be in range [0, "
                    + (vm.memoryMaxMb() - 1) + "] MB)", VBoxText.Rc.E_INVALIDARG, "IMachine",
                    "\"COMSETTER(MemoryBalloonSize)(uVal)\" at line 1325 of file VBoxManageControlVM.cpp"));
        }
        vm.memory(vm.memoryMaxMb() - mb, vm.memoryMaxMb());
        return 0;
    }

    // ---- modifyvm --------------------------------------------------------------------------------------------

    private int modifyvm(List<String> a) {
        if (a.isEmpty()) {
            return gap("VBoxManage modifyvm without a VM");
        }
        SimVm vm = vm("modifyvm", a.get(0));
        synchronized (vm) {
            if (vm.state().hasProcess()) {
                return fail(VBoxText.writeLocked(v, vm.name(), "VBoxManageModifyVM.cpp"));
            }
            List<String> opts = splitEquals(a.subList(1, a.size()));
            // validate everything first: VBoxManage applies nothing when the syntax is wrong
            List<Runnable> changes = new ArrayList<>();
            for (int i = 0; i < opts.size(); i++) {
                String opt = opts.get(i);
                String val = i + 1 < opts.size() ? opts.get(i + 1) : null;
                if (val == null) {
                    return gap("VBoxManage modifyvm option " + opt + " without a value");
                }
                if (vm.state() == VmPowerState.SAVED || vm.state() == VmPowerState.ABORTED_SAVED) {
                    return fail(VBoxText.notMutable(v, vm.state().vboxApiName(), setterFor(opt)));
                }
                switch (opt) {
                    case "--memory" -> {
                        Integer mb = parseInt(val);
                        if (mb == null || mb < 4) {
                            return gap("VBoxManage modifyvm --memory " + val);
                        }
                        changes.add(() -> vm.memory(mb));
                    }
                    case "--cpus" -> {
                        Integer n = parseInt(val);
                        if (n == null || n < 1 || n > 32) {
                            return gap("VBoxManage modifyvm --cpus " + val);
                        }
                        changes.add(() -> vm.vcpus(vm.cpuHotplug() ? Math.min(vm.vcpusCur(), n) : n, n));
                    }
                    case "--cpuhotplug" -> {
                        boolean on = val.equals("on");
                        changes.add(() -> vm.cpuHotplug(on));
                    }
                    case "--ostype" -> changes.add(() -> vm.ostype(OS_TYPES.getOrDefault(val, val)));
                    case "--name" -> changes.add(() -> vm.rename(val));
                    case "--uart1" -> {
                        if (val.equals("off")) {
                            changes.add(() -> vm.uartServer(null));
                        } else {
                            i++; // IRQ follows the I/O base
                            changes.add(() -> {
                                if (vm.uartServerPath() == null) {
                                    vm.uartServer("");
                                }
                            });
                        }
                    }
                    case "--uartmode1" -> {
                        if (val.equals("server")) {
                            if (i + 2 >= opts.size()) {
                                return gap("VBoxManage modifyvm --uartmode1 server without a path");
                            }
                            String path = opts.get(i + 2);
                            i++;
                            changes.add(() -> vm.uartServer(path));
                        } else if (val.equals("disconnected")) {
                            changes.add(() -> vm.uartServer(""));
                        } else {
                            return gap("VBoxManage modifyvm --uartmode1 " + val);
                        }
                    }
                    case "--nic1" -> {
                        if (!List.of("none", "null", "nat", "bridged").contains(val)) {
                            return gap("VBoxManage modifyvm --nic1 " + val);
                        }
                        changes.add(() -> vm.nic(val, val.equals("bridged") ? vm.nicTarget() : null));
                    }
                    // applied after --nic1 in the same call, whatever the order (VBoxManage sets both)
                    case "--bridgeadapter1" -> changes.add(() -> vm.nic(vm.nicMode(), val));
                    case "--autostart-enabled" -> {
                        if (!val.equals("on") && !val.equals("off")) {
                            return gap("VBoxManage modifyvm --autostart-enabled " + val);
                        }
                        changes.add(() -> vm.autostart(val.equals("on")));
                    }
                    case "--uarttype1", "--acpi", "--ioapic", "--boot1", "--boot2", "--boot3", "--boot4",
                            "--vram", "--graphicscontroller", "--rtcuseutc", "--audio" -> {
                        // accepted, not modelled
                    }
                    default -> {
                        return gap("VBoxManage modifyvm option " + opt);
                    }
                }
                i++;
            }
            changes.forEach(Runnable::run);
        }
        return 0;
    }

    private static String setterFor(String opt) {
        return switch (opt) {
            case "--memory" -> "COMSETTER(MemorySize)(ValueUnion.u32)";
            case "--cpus" -> "COMSETTER(CPUCount)(ValueUnion.u32)";
            default -> "COMSETTER(" + opt.substring(2) + ")(ValueUnion.psz)";
        };
    }

    // ---- createvm / unregistervm -----------------------------------------------------------------------------

    private int createvm(List<String> a) {
        Opts o = opts(a, List.of("--name", "--basefolder", "--ostype", "--uuid", "--groups"),
                List.of("--register", "--default"));
        String name = o.values.get("--name");
        if (name == null || !o.positional.isEmpty()) {
            return gap("VBoxManage createvm without --name");
        }
        String base = o.values.getOrDefault("--basefolder", host.home() + "/VirtualBox VMs");
        String settings = base + "/" + name + "/" + name + ".vbox";
        if (host.vms().stream().anyMatch(x -> x.settingsFile().equals(settings))) {
            return fail(VBoxText.createvmExists(v, settings));
        }
        String uuid = o.values.getOrDefault("--uuid", UUID.randomUUID().toString());
        boolean register = o.flags.contains("--register");
        if (register) {
            SimVm vm = host.register(name, uuid, base);
            vm.memory(128).vcpus(1).ostype(OS_TYPES.getOrDefault(o.values.getOrDefault("--ostype", "Other"),
                    o.values.getOrDefault("--ostype", "Other")));
        }
        io.out(VBoxText.createvmOk(name, uuid, settings, register));
        return 0;
    }

    /**
     * {@code clonevm SRC --name NEW --register}: a full clone of the current state (mode machine),
     * new UUID and MAC, copies of its hard disks in the new VM's folder (the first one NEW.vdi,
     * then NEW-disk1.vdi, ...: RECONSTRUCTED naming); DVD images are shared, not copied. The UART
     * settings are copied verbatim, socket path included, as VirtualBox does. Progress on stderr,
     * the success line on stdout.
     */
    private int clonevm(List<String> a) {
        Opts o = opts(a, List.of("--name", "--basefolder", "--uuid", "--mode", "--groups"), List.of("--register"));
        SimVm src = vm("clonevm", oneVmName("clonevm", o));
        if (o.values.containsKey("--mode") && !o.values.get("--mode").equals("machine")) {
            return gap("VBoxManage clonevm --mode " + o.values.get("--mode"));
        }
        String name = o.values.getOrDefault("--name", src.name() + " Clone");
        String base = o.values.getOrDefault("--basefolder", host.home() + "/VirtualBox VMs");
        String folder = base + "/" + name;
        String settings = folder + "/" + name + ".vbox";
        synchronized (src) {
            if (src.state().hasProcess()) {
                return gap("VBoxManage clonevm of a VM with a process (online clone)");
            }
            if (src.state() == VmPowerState.SAVED || src.state() == VmPowerState.ABORTED_SAVED) {
                return gap("VBoxManage clonevm of a saved VM");
            }
            if (host.vms().stream().anyMatch(x -> x.settingsFile().equals(settings))) {
                return fail(VBoxText.createvmExists(v, settings));
            }
            progress();
            if (!o.flags.contains("--register")) {
                return gap("VBoxManage clonevm without --register");
            }
            SimVm copy = host.register(name, o.values.getOrDefault("--uuid", UUID.randomUUID().toString()), base);
            copy.memory(src.memoryMaxMb()).vcpus(src.vcpusMax()).cpuHotplug(src.cpuHotplug()).ostype(src.ostype())
                    .nic(src.nicMode(), src.nicTarget()).uartServer(src.uartServerPath());
            src.controllers().forEach(copy::addController);
            int disk = 0;
            for (SimVm.Attachment att : src.attachments()) {
                String medium = att.medium();
                String uuid = att.mediumUuid();
                if (att.deviceType().equals("hdd") && medium != null) {
                    String path = folder + "/" + name + (disk == 0 ? "" : "-disk" + disk) + ".vdi";
                    disk++;
                    long size = host.medium(medium).map(SimHost.Medium::sizeMb).orElse(1L);
                    uuid = UUID.randomUUID().toString();
                    host.addMedium(new SimHost.Medium(path, uuid, size, "VDI"));
                    medium = path;
                }
                copy.attach(att.controller(), att.port(), att.device(), att.deviceType(), medium, uuid);
            }
        }
        io.out(VBoxText.clonevmOk(name));
        return 0;
    }

    private int unregistervm(List<String> a) {
        Opts o = opts(a, List.of(), List.of("--delete", "--delete-all"));
        SimVm vm = vm("unregistervm", oneVmName("unregistervm", o));
        synchronized (vm) {
            if (vm.state().hasProcess()) {
                return fail(VBoxText.unregisterLocked(v, vm.name()));
            }
            host.unregister(vm);
            if (o.flags.contains("--delete") || o.flags.contains("--delete-all")) {
                vm.attachments().forEach(att -> host.removeMedium(att.medium()));
                progress();
            }
        }
        return 0;
    }

    // ---- guestproperty (RECONSTRUCTED from the manual, "Guest Properties"; not recorded) -----------------

    /** {@code guestproperty enumerate VM}: what running Guest Additions report (OS, NIC 1's address). */
    private int guestproperty(List<String> a) {
        if (a.size() != 2 || !a.get(0).equals("enumerate")) {
            return gap("VBoxManage guestproperty " + String.join(" ", a));
        }
        SimVm vm = vm("guestproperty", a.get(1));
        java.util.Map<String, String> props = new java.util.LinkedHashMap<>();
        synchronized (vm) {
            if (vm.state().hasProcess() && vm.guestAdditions()) {
                props.put("/VirtualBox/GuestInfo/OS/Product", "Linux");
                props.put("/VirtualBox/GuestAdd/Version", v.versionString().replaceAll("r\\d+$", ""));
                String ip = vm.nicMode().equals("none") ? null : vm.guestAddress();
                if (ip != null) {
                    props.put("/VirtualBox/GuestInfo/Net/0/V4/IP", ip);
                    props.put("/VirtualBox/GuestInfo/Net/0/V4/Broadcast", ip.replaceAll("\\.\\d+$", ".255"));
                    props.put("/VirtualBox/GuestInfo/Net/0/V4/Netmask", "255.255.255.0");
                    props.put("/VirtualBox/GuestInfo/Net/0/MAC", VBoxText.mac1(vm));
                    props.put("/VirtualBox/GuestInfo/Net/0/Status", "Up");
                }
                props.put("/VirtualBox/GuestInfo/Net/Count", ip == null ? "0" : "1");
            }
        }
        if (props.isEmpty()) {
            io.out("No properties found.\n"); // RECONSTRUCTED
            return 0;
        }
        io.out(VBoxText.guestProperties(v, props, host.clock().instant()));
        return 0;
    }

    // ---- media and storage -----------------------------------------------------------------------------------

    private int createmedium(List<String> a) {
        List<String> args = new ArrayList<>(a);
        if (!args.isEmpty() && List.of("disk", "hd", "dvd", "floppy").contains(args.get(0))) {
            if (!args.remove(0).matches("disk|hd")) {
                return gap("VBoxManage createmedium dvd/floppy");
            }
        }
        Opts o = opts(args, List.of("--filename", "--size", "--format", "--variant", "--diffparent"), List.of());
        String file = o.values.get("--filename");
        Integer size = o.values.containsKey("--size") ? parseInt(o.values.get("--size")) : null;
        String diffParent = o.values.get("--diffparent");
        if (file == null || (size == null && diffParent == null)) {
            return gap("VBoxManage createmedium without --filename/--size");
        }
        String format = o.values.getOrDefault("--format", "VDI").toUpperCase(Locale.ROOT);
        if (!List.of("VDI", "VMDK", "VHD").contains(format)) {
            return gap("VBoxManage createmedium --format " + format);
        }
        SimHost.Medium parent = null;
        if (diffParent != null) {
            // RECONSTRUCTED (manual, "VBoxManage createmedium"): the parent is a known medium's UUID or path, or
            // an image file VBoxManage opens (registers) first; the child takes the parent's size
            parent = host.medium(diffParent).orElse(null);
            if (parent == null) {
                Optional<SimFiles.File> f = diffParent.startsWith("/") ? host.files().get(diffParent) : Optional.empty();
                if (f.isEmpty()) {
                    return fail(VBoxText.mediumNotFound(v, diffParent));
                }
                parent = new SimHost.Medium(diffParent, UUID.randomUUID().toString(),
                        Math.max(1, f.get().size() >> 20), imageFormat(diffParent));
                host.addMedium(parent);
            }
            size = (int) parent.sizeMb();
        }
        // RECONSTRUCTED: relative paths resolve against the VirtualBox home (~/.config/VirtualBox), not the cwd
        String path = file.startsWith("/") ? file : host.home() + "/.config/VirtualBox/" + file;
        if (host.medium(path).isPresent()) {
            return fail(VBoxText.mediumExists(path));
        }
        String uuid = UUID.randomUUID().toString();
        host.addMedium(new SimHost.Medium(path, uuid, size, format, parent == null ? null : parent.uuid()));
        progress();
        io.out(VBoxText.mediumCreated(uuid));
        return 0;
    }

    /**
     * {@code closemedium disk PATH|UUID [--delete]}: an unknown medium fails as opening it would
     * (RECONSTRUCTED); a medium still attached or with children is a simulator gap (virtdeck closes
     * only what it made and did not attach).
     */
    private int closemedium(List<String> a) {
        List<String> args = new ArrayList<>(a);
        if (!args.isEmpty() && args.get(0).matches("disk|hd")) {
            args.remove(0);
        }
        Opts o = opts(args, List.of(), List.of("--delete"));
        if (o.positional.size() != 1) {
            return gap("VBoxManage closemedium " + String.join(" ", a));
        }
        Optional<SimHost.Medium> m = host.medium(o.positional.get(0));
        if (m.isEmpty()) {
            return fail(VBoxText.mediumNotFound(v, o.positional.get(0)));
        }
        String uuid = m.get().uuid();
        boolean used = host.vms().stream().anyMatch(vm -> vm.attachments().stream()
                .anyMatch(att -> m.get().path().equals(att.medium())))
                || host.media().stream().anyMatch(x -> uuid.equals(x.parent()));
        if (used) {
            return gap("VBoxManage closemedium of a medium in use");
        }
        host.removeMedium(m.get().path());
        if (o.flags.contains("--delete")) {
            progress();
        }
        return 0;
    }

    /** The format VirtualBox's probing would find in an image file, told here by its extension. */
    private static String imageFormat(String path) {
        String ext = path.substring(path.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
        return switch (ext) {
            case "VDI", "VMDK", "VHD", "QCOW", "QED", "PARALLELS" -> ext;
            case "QCOW2" -> "QCOW";
            default -> "RAW";
        };
    }

    private int storagectl(List<String> a) {
        if (a.isEmpty()) {
            return gap("VBoxManage storagectl without a VM");
        }
        Opts o = opts(a.subList(1, a.size()),
                List.of("--name", "--add", "--controller", "--portcount", "--bootable", "--hostiocache"),
                List.of("--remove"));
        SimVm vm = vm("storagectl", a.get(0));
        String name = o.values.get("--name");
        if (name == null || !o.positional.isEmpty()) {
            return gap("VBoxManage storagectl without --name");
        }
        synchronized (vm) {
            if (vm.state().hasProcess()) {
                return fail(VBoxText.writeLocked(v, vm.name(), "VBoxManageStorageController.cpp"));
            }
            if (o.flags.contains("--remove")) {
                if (!vm.removeController(name)) {
                    return fail(VBoxText.noController(v, name));
                }
                return 0;
            }
            String bus = o.values.get("--add");
            if (bus == null) {
                return gap("VBoxManage storagectl without --add/--remove");
            }
            if (vm.controller(name) != null) {
                return fail(VBoxText.controllerExists(v, name));
            }
            // bus -> default controller type, max ports, devices per port (list-systemproperties counts)
            Object[] d = switch (bus.toLowerCase(Locale.ROOT)) {
                case "sata" -> new Object[] {"IntelAhci", 30, 1};
                case "ide" -> new Object[] {"PIIX4", 2, 2};
                case "scsi" -> new Object[] {"LsiLogic", 16, 1};
                case "sas" -> new Object[] {"LsiLogicSas", v.atLeast(6, 0) ? 255 : 8, 1};
                case "pcie" -> new Object[] {"NVMe", 255, 1};
                case "floppy" -> new Object[] {"I82078", 1, 2};
                default -> null;
            };
            if (d == null) {
                return gap("VBoxManage storagectl --add " + bus);
            }
            int max = (Integer) d[1];
            Integer ports = o.values.containsKey("--portcount") ? parseInt(o.values.get("--portcount")) : null;
            int portCount = ports == null ? max : Math.min(ports, max);
            vm.addController(new SimVm.Controller(name, bus.toLowerCase(Locale.ROOT),
                    o.values.getOrDefault("--controller", (String) d[0]), portCount, max, (Integer) d[2],
                    !"off".equals(o.values.get("--bootable"))));
        }
        return 0;
    }

    private int storageattach(List<String> a) {
        if (a.isEmpty()) {
            return gap("VBoxManage storageattach without a VM");
        }
        Opts o = opts(a.subList(1, a.size()), List.of("--storagectl", "--port", "--device", "--type",
                "--medium", "--hotpluggable", "--mtype", "--nonrotational", "--discard"), List.of());
        SimVm vm = vm("storageattach", a.get(0));
        String ctlName = o.values.get("--storagectl");
        Integer port = parseInt(o.values.getOrDefault("--port", "0"));
        Integer device = parseInt(o.values.getOrDefault("--device", "0"));
        String medium = o.values.get("--medium");
        if (ctlName == null || medium == null || port == null || device == null) {
            return gap("VBoxManage storageattach without --storagectl/--medium");
        }
        synchronized (vm) {
            SimVm.Controller ctl = vm.controller(ctlName);
            if (ctl == null) {
                return fail(VBoxText.noController(v, ctlName));
            }
            if (port < 0 || port >= ctl.portCount() || device < 0 || device >= ctl.devicesPerPort()) {
                return fail(VBoxText.portOutOfRange(port, ctl.portCount() - 1, device, ctl.devicesPerPort() - 1));
            }
            if (vm.state().hasProcess() && !ctl.bus().equals("sata")) {
                return fail(VBoxText.noHotplug(v, ctlName));
            }
            String type = o.values.getOrDefault("--type", "hdd");
            switch (medium) {
                case "none" -> vm.attach(ctlName, port, device, type, null, null);
                case "emptydrive" -> vm.attach(ctlName, port, device, type, "emptydrive", null);
                default -> {
                    Optional<SimHost.Medium> m = host.medium(medium);
                    if (m.isEmpty()) {
                        return fail(VBoxText.mediumNotFound(v, medium));
                    }
                    vm.attach(ctlName, port, device, type, m.get().path(), m.get().uuid());
                }
            }
        }
        return 0;
    }

    // ---- option helpers ------------------------------------------------------------------------------------

    // ---- snapshot (RECONSTRUCTED from the VBoxManage manual, "VBoxManage snapshot"; not recorded) -------------

    private int snapshot(List<String> a) {
        if (a.size() < 2) {
            return gap("VBoxManage snapshot with " + a.size() + " arguments");
        }
        SimVm vm = vm("snapshot", a.get(0));
        String action = a.get(1);
        List<String> rest = new ArrayList<>(a.subList(2, a.size()));
        synchronized (vm) {
            switch (action) {
                case "list" -> {
                    if (!rest.equals(List.of("--machinereadable"))) {
                        return gap("VBoxManage snapshot list " + rest);
                    }
                    if (vm.snapshots().isEmpty()) {
                        io.out("This machine does not have any snapshots\n");
                        return 1;
                    }
                    io.out(VBoxText.snapshotList(vm.snapshots(), vm.currentSnapshot()));
                    return 0;
                }
                case "take" -> {
                    Opts o = opts(rest, List.of("--description"), List.of("--live", "--pause"));
                    if (o.positional.size() != 1) {
                        return gap("VBoxManage snapshot take with " + o.positional.size() + " names");
                    }
                    String name = o.positional.get(0);
                    String description = o.values.get("--description");
                    progress();
                    vm.takeSnapshot(name, description, host.clock().instant().getEpochSecond());
                    io.out("Snapshot taken. UUID: " + java.util.UUID.nameUUIDFromBytes(name.getBytes()) + "\n");
                    return 0;
                }
                case "restore", "delete" -> {
                    if (rest.size() != 1) {
                        return gap("VBoxManage snapshot " + action + " " + rest);
                    }
                    String name = rest.get(0);
                    Optional<SimVm.Snapshot> s = vm.snapshots().stream().filter(x -> x.name().equals(name)).findFirst();
                    if (s.isEmpty()) {
                        return fail(VBoxText.error("Could not find a snapshot named '" + name + "'",
                                VBoxText.Rc.VBOX_E_OBJECT_NOT_FOUND, "IMachine", null));
                    }
                    if (action.equals("delete")) {
                        progress();
                        vm.removeSnapshot(name);
                        return 0;
                    }
                    if (vm.state().hasProcess()) {
                        return fail(VBoxText.error("Cannot restore a snapshot while the machine is running (state "
                                + vm.state().vboxApiName() + ")", VBoxText.Rc.VBOX_E_INVALID_VM_STATE, "IMachine", null));
                    }
                    progress();
                    VmPowerState was = s.get().state();
                    vm.state(was == VmPowerState.RUNNING || was == VmPowerState.PAUSED ? VmPowerState.SAVED
                            : VmPowerState.POWEROFF);
                    vm.currentSnapshot(name);
                    io.out("Restoring snapshot '" + name + "' (" + java.util.UUID.nameUUIDFromBytes(name.getBytes()) + ")\n");
                    return 0;
                }
                default -> {
                    return gap("VBoxManage snapshot " + action);
                }
            }
        }
    }

    private static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Turns {@code --opt=value} into {@code --opt value}. */
    private static List<String> splitEquals(List<String> in) {
        List<String> out = new ArrayList<>();
        for (String s : in) {
            int eq = s.indexOf('=');
            if (s.startsWith("--") && eq > 2) {
                out.add(s.substring(0, eq));
                out.add(s.substring(eq + 1));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Minimal GNU-style option parsing: known valued options, known flags, positionals. */
    private static final class Opts {
        final Map<String, String> values = new HashMap<>();
        final List<String> flags = new ArrayList<>();
        final List<String> positional = new ArrayList<>();
        String error;

        static Opts parse(List<String> args, List<String> valued, List<String> flagNames) {
            Opts o = new Opts();
            List<String> in = splitEquals(args);
            for (int i = 0; i < in.size(); i++) {
                String s = in.get(i);
                if (valued.contains(s)) {
                    if (i + 1 >= in.size()) {
                        o.error = "option " + s + " without a value";
                        return o;
                    }
                    o.values.put(s, in.get(++i));
                } else if (flagNames.contains(s)) {
                    o.flags.add(s);
                } else if (s.startsWith("-") && s.length() > 1) {
                    o.error = "VBoxManage option " + s;
                    return o;
                } else {
                    o.positional.add(s);
                }
            }
            return o;
        }
    }
}
