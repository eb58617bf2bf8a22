package dev.virtdeck.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Every VBoxManage output template, per version, in one place. Templates copied from a recorded sample
 * name the sample file ({@code reference/vboxmanage/...}); those rebuilt from VirtualBox's source/format strings
 * or docs are marked {@code // RECONSTRUCTED: <source>} and listed in sim/README.md.
 *
 * <p>Size (~550 lines): data more than code, kept in one file on purpose so every recorded
 * template and every reconstruction can be checked against the corpus in one read.
 */
final class VBoxText {

    private VBoxText() {}

    static final String PROGRESS_STEPS = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%";

    private static final DateTimeFormatter STATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000000'").withZone(ZoneOffset.UTC);

    /** VMStateChangeTime: UTC, 9 fractional digits, no 'Z' (showvminfo-machinereadable-saved-5.2-full.txt). */
    static String stateTime(Instant t) {
        return STATE_TIME.format(t);
    }

    /** Quotes a machine-readable value: 5.x+ escape backslash and double quote (running-6.0-excerpt PITFALL). */
    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    // ---- list vms / runningvms (list-vms.txt; names are NOT escaped) ----------------------------------------

    static String vmLine(String name, String uuid) {
        return "\"" + name + "\" {" + uuid + "}\n";
    }

    // ---- error blocks (NOTES-format-changes-by-version.txt section 6) ---------------------------------------

    /** The COM result codes of error blocks, with the value printed after the name. */
    enum Rc {
        VBOX_E_OBJECT_NOT_FOUND("0x80bb0001"),
        VBOX_E_INVALID_VM_STATE("0x80bb0002"),
        VBOX_E_FILE_ERROR("0x80bb0004"),
        VBOX_E_INVALID_OBJECT_STATE("0x80bb0007"),
        VBOX_E_OBJECT_IN_USE("0x80bb000c"),
        E_INVALIDARG("0x80070057");

        final String hex;

        Rc(String hex) {
            this.hex = hex;
        }
    }

    /**
     * A three-line VBoxManage error block; {@code context} may be null for blocks without a Context line. The
     * component is the interface's wrapper class (IMachine: MachineWrap), as VirtualBox names them.
     */
    static String error(String message, Rc rc, String iface, String context) {
        StringBuilder sb = new StringBuilder();
        sb.append("VBoxManage: error: ").append(message).append('\n');
        sb.append("VBoxManage: error: Details: code ").append(rc.name()).append(" (").append(rc.hex)
                .append("), component ").append(iface.substring(1)).append("Wrap, interface ").append(iface)
                .append(", callee nsISupports\n");
        if (context != null) {
            sb.append("VBoxManage: error: Context: ").append(context).append('\n');
        }
        return sb.toString();
    }

    /** Source line numbers printed in Context lines. Only the ones noted VERBATIM come from captures. */
    private static int line(VBoxVersion v, String site) {
        int idx = switch (v) {
            case V5_2 -> 0;
            case V6_1 -> 1;
            default -> 2;
        };
        int[] lines = switch (site) {
            // VERBATIM 2719 (5.1, error-unknown-vm-showvminfo.txt); RECONSTRUCTED: 6.1/7.0 numbers illustrative
            case "info.find" -> new int[] {2719, 2898, 3258};
            // VERBATIM 727 (6.1) and 881 (7.0) from startvm-error-already-locked.txt; RECONSTRUCTED: 5.2 number
            case "misc.launch" -> new int[] {653, 727, 881};
            // RECONSTRUCTED: numbers illustrative (4.3 printed 471/462, modifyvm-error-vm-running-locked.txt)
            case "modify.lock" -> new int[] {525, 624, 693};
            default -> new int[] {400, 500, 600}; // RECONSTRUCTED: illustrative
        };
        return lines[idx];
    }

    private static String ctx(VBoxVersion v, String call, String site, String file) {
        return "\"" + call + "\" at line " + line(v, site) + " of file " + file;
    }

    /** The usual shape: an IMachine error whose Context line names the failed call and its site. */
    private static String machineError(VBoxVersion v, String message, Rc rc, String call, String site, String file) {
        return error(message, rc, "IMachine", ctx(v, call, site, file));
    }

    /** Unknown VM, per subcommand (text: error-unknown-vm-showvminfo.txt; UUID form from its PITFALLS). */
    static String unknownVm(VBoxVersion v, String subcommand, String arg) {
        String msg = looksLikeUuid(arg)
                ? "Could not find a registered machine with UUID {" + stripBraces(arg) + "}"
                : "Could not find a registered machine named '" + arg + "'";
        String context = switch (subcommand) {
            case "showvminfo" -> ctx(v, "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())",
                    "info.find", "VBoxManageInfo.cpp");
            // RECONSTRUCTED: Context call/file for the other subcommands from VBoxManage*.cpp naming
            case "startvm", "unregistervm" -> ctx(v, "FindMachine(Bstr(VMName).raw(), machine.asOutParam())",
                    "misc.find", "VBoxManageMisc.cpp");
            case "controlvm" -> ctx(v, "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
                    "control.find", "VBoxManageControlVM.cpp");
            case "modifyvm" -> ctx(v, "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
                    "modify.find", "VBoxManageModifyVM.cpp");
            default -> ctx(v, "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
                    "storage.find", "VBoxManageStorageController.cpp");
        };
        return error(msg, Rc.VBOX_E_OBJECT_NOT_FOUND, "IVirtualBox", context);
    }

    static boolean looksLikeUuid(String s) {
        return stripBraces(s).matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    }

    private static String stripBraces(String s) {
        return s.startsWith("{") && s.endsWith("}") ? s.substring(1, s.length() - 1) : s;
    }

    // ---- startvm (startvm-headless-success.txt, startvm-error-already-locked.txt) ---------------------------

    static String startvmOk(String name) {
        return "Waiting for VM \"" + name + "\" to power on...\nVM \"" + name + "\" has been successfully started.\n";
    }

    static String startvmLocked(VBoxVersion v, String name) {
        return machineError(v, "The machine '" + name + "' is already locked by a session (or being locked or "
                + "unlocked)", Rc.VBOX_E_INVALID_OBJECT_STATE, "LaunchVMProcess(a->session, sessionType.raw(), "
                + "ComSafeArrayAsInParam(aBstrEnv), progress.asOutParam())", "misc.launch", "VBoxManageMisc.cpp");
    }

    // ---- modifyvm / storagectl / storageattach write lock (modifyvm-error-vm-running-locked.txt) -----------

    static String writeLocked(VBoxVersion v, String name, String file) {
        return machineError(v, "The machine '" + name + "' is already locked for a session (or being unlocked)",
                Rc.VBOX_E_INVALID_OBJECT_STATE, "LockMachine(a->session, LockType_Write)", "modify.lock", file);
    }

    // RECONSTRUCTED: Machine::i_checkStateDependency(MutableStateDep) text for a saved VM
    static String notMutable(VBoxVersion v, String apiState, String setter) {
        return machineError(v, "The machine is not mutable (state is " + apiState + ")", Rc.VBOX_E_INVALID_VM_STATE,
                setter, "modify.set", "VBoxManageModifyVM.cpp");
    }

    // ---- controlvm (controlvm-errors-vm-not-running.txt, controlvm-poweroff-savestate-progress.txt) ---------

    /**
     * {@code snapshot VM list --machinereadable}: the tree depth first, each child's keys the parent's suffix plus
     * {@code -N}. RECONSTRUCTED from VBoxManage's manual and snapshot listing code; not recorded.
     */
    static String snapshotList(List<SimVm.Snapshot> all, String current) {
        StringBuilder sb = new StringBuilder();
        String[] currentNode = {null};
        for (SimVm.Snapshot root : all.stream().filter(s -> s.parent() == null).toList()) {
            snapshotNode(all, root, "", current, currentNode, sb);
            break; // VirtualBox has one root snapshot
        }
        if (current != null) {
            sb.append("CurrentSnapshotName=").append(q(current)).append('\n');
            sb.append("CurrentSnapshotUUID=\"").append(java.util.UUID.nameUUIDFromBytes(current.getBytes())).append("\"\n");
            if (currentNode[0] != null) sb.append("CurrentSnapshotNode=\"").append(currentNode[0]).append("\"\n");
        }
        return sb.toString();
    }

    private static void snapshotNode(List<SimVm.Snapshot> all, SimVm.Snapshot s, String suffix, String current,
                                     String[] currentNode, StringBuilder sb) {
        sb.append("SnapshotName").append(suffix).append('=').append(q(s.name())).append('\n');
        sb.append("SnapshotUUID").append(suffix).append("=\"").append(java.util.UUID.nameUUIDFromBytes(s.name().getBytes()))
                .append("\"\n");
        if (s.description() != null) sb.append("SnapshotDescription").append(suffix).append('=').append(q(s.description())).append('\n');
        if (s.name().equals(current)) currentNode[0] = "SnapshotName" + suffix;
        int n = 0;
        for (SimVm.Snapshot c : all.stream().filter(x -> s.name().equals(x.parent())).toList()) {
            snapshotNode(all, c, suffix + "-" + (++n), current, currentNode, sb);
        }
    }

    static String notRunning(String name) {
        return "VBoxManage: error: Machine '" + name + "' is not currently running\n";
    }

    // RECONSTRUCTED: shape of controlvm-errors-vm-not-running.txt (c), state in API spelling, ConsoleWrap (5.0+)
    static String invalidVmState(VBoxVersion v, String apiState, String call) {
        return error("Invalid machine state: " + apiState, Rc.VBOX_E_INVALID_VM_STATE, "IConsole",
                ctx(v, call, "control.call", "VBoxManageControlVM.cpp"));
    }

    // RECONSTRUCTED: Machine::hotPlugCPU/hotUnplugCPU error texts (VirtualBox MachineImpl.cpp); not captured
    static String cpuHotplugError(VBoxVersion v, String message, Rc rc, String call) {
        return machineError(v, message, rc, call, "control.cpu", "VBoxManageControlVM.cpp");
    }

    // ---- createvm (createvm-register.txt) ------------------------------------------------------------------

    static String createvmOk(String name, String uuid, String settingsFile, boolean registered) {
        // VERBATIM for --register; RECONSTRUCTED: the unregistered variant drops " and registered"
        return "Virtual machine '" + name + "' is created" + (registered ? " and registered" : "") + ".\n"
                + "UUID: " + uuid + "\n"
                + "Settings file: '" + settingsFile + "'\n";
    }

    // RECONSTRUCTED: VirtualBox::createMachine error when the settings file exists
    static String createvmExists(VBoxVersion v, String settingsFile) {
        return machineError(v, "Machine settings file '" + settingsFile + "' already exists", Rc.VBOX_E_FILE_ERROR,
                "CreateMachine(bstrSettingsFile.raw(), bstrName.raw(), ComSafeArrayAsInParam(groups), "
                        + "bstrOsTypeId.raw(), createFlags.raw(), machine.asOutParam())",
                "misc.create", "VBoxManageMisc.cpp");
    }

    /**
     * RECONSTRUCTED from VBoxManageMisc.cpp (handleCloneVM): the line clonevm prints on stdout once
     * the progress (on stderr) reached 100%.
     */
    static String clonevmOk(String name) {
        return "Machine has been successfully cloned as \"" + name + "\"\n";
    }

    // RECONSTRUCTED: Machine::unregister while a session holds the lock
    static String unregisterLocked(VBoxVersion v, String name) {
        return machineError(v, "Cannot unregister the machine '" + name + "' while it is locked",
                Rc.VBOX_E_INVALID_OBJECT_STATE,
                "Unregister(CleanupMode_DetachAllReturnHardDisksOnly, ComSafeArrayAsOutParam(aMedia))",
                "misc.unregister", "VBoxManageMisc.cpp");
    }

    // ---- createmedium (createmedium-disk.txt) --------------------------------------------------------------

    static String mediumCreated(String uuid) {
        return "Medium created. UUID: " + uuid + "\n";
    }

    // RECONSTRUCTED: text from the UNVERIFIED hint in createmedium-disk.txt, wrapped in the usual block shape
    static String mediumExists(String path) {
        return "VBoxManage: error: Failed to create medium\n"
                + "VBoxManage: error: Could not create the medium storage unit '" + path + "'.\n"
                + "VBoxManage: error: VD: cannot create image because file exists (VERR_ALREADY_EXISTS)\n"
                + "VBoxManage: error: Details: code VBOX_E_FILE_ERROR (0x80bb0004), component MediumWrap, "
                + "interface IMedium\n";
    }

    // ---- storagectl / storageattach --------------------------------------------------------------------------

    // RECONSTRUCTED: VBoxManageStorageController.cpp call sites; texts from MachineImpl.cpp
    static String noController(VBoxVersion v, String ctl) {
        return machineError(v, "Could not find a storage controller named '" + ctl + "'", Rc.VBOX_E_OBJECT_NOT_FOUND,
                "GetStorageControllerByName(Bstr(pszCtl).raw(), storageCtl.asOutParam())",
                "storage.ctl", "VBoxManageStorageController.cpp");
    }

    // RECONSTRUCTED
    static String controllerExists(VBoxVersion v, String ctl) {
        return machineError(v, "Storage controller named '" + ctl + "' already exists", Rc.VBOX_E_OBJECT_IN_USE,
                "AddStorageController(Bstr(pszCtl).raw(), StorageBus_SATA, ctl.asOutParam())",
                "storage.add", "VBoxManageStorageController.cpp");
    }

    // RECONSTRUCTED
    static String mediumNotFound(VBoxVersion v, String path) {
        return error("Could not find file for the medium '" + path + "' (VERR_FILE_NOT_FOUND)",
                Rc.VBOX_E_FILE_ERROR, "IMedium",
                ctx(v, "OpenMedium(Bstr(pszMedium).raw(), devTypeRequested, accessType, fForceNewUuidOnOpen, "
                        + "pMedium.asOutParam())", "disk.open", "VBoxManageDisk.cpp"));
    }

    // RECONSTRUCTED
    static String portOutOfRange(int port, int maxPort, int device, int maxDevice) {
        return "VBoxManage: error: The port and/or device parameter are out of range: port=" + port
                + " (must be in range [0, " + maxPort + "]), device=" + device + " (must be in range [0, "
                + maxDevice + "])\n";
    }

    // RECONSTRUCTED
    static String noHotplug(VBoxVersion v, String ctl) {
        return machineError(v, "Controller '" + ctl + "' does not support hotplugging", Rc.VBOX_E_INVALID_VM_STATE,
                "AttachDevice(Bstr(pszCtl).raw(), port, device, DeviceType_HardDisk, pMedium2Mount)",
                "storage.attach", "VBoxManageStorageController.cpp");
    }

    // ---- showvminfo --machinereadable ----------------------------------------------------------------------

    /**
     * The machine-readable block for one VM. 5.2: key order and set of showvminfo-machinereadable-saved-5.2-full.txt;
     * 6.1: the extra keys of the 6.0/6.1 excerpts at the positions recorded there; 7.0: RECONSTRUCTED additions.
     * Runs of lines that never vary are text blocks, written as the samples print them.
     */
    static String showvminfo(VBoxVersion v, SimVm vm) {
        boolean six = v.atLeast(6, 0);
        boolean seven = v.atLeast(7, 0);
        String folder = vm.baseFolder() + "/" + vm.name();
        StringBuilder sb = new StringBuilder();
        kv(sb, "name", q(vm.name()));
        kv(sb, "groups", q("/"));
        kv(sb, "ostype", q(vm.ostype()));
        kv(sb, "UUID", q(vm.uuid()));
        kv(sb, "CfgFile", q(vm.settingsFile()));
        kv(sb, "SnapFldr", q(folder + "/Snapshots"));
        kv(sb, "LogFldr", q(folder + "/Logs"));
        if (v == VBoxVersion.V7_0_0) {
            // NOTES section 2: 7.0.0 only; RECONSTRUCTED: position of the stray line
            sb.append("Encryption:     disabled\n");
        }
        kv(sb, "hardwareuuid", q(vm.uuid()));
        kv(sb, "memory", Integer.toString(vm.memoryMaxMb()));
        kv(sb, "pagefusion", q("off"));
        kv(sb, "vram", six ? "16" : "8");
        kv(sb, "cpuexecutioncap", "100");
        kv(sb, "hpet", q("off"));
        if (six) {
            kv(sb, "cpu-profile", q("host"));
        }
        kv(sb, "chipset", q("piix3"));
        kv(sb, "firmware", q("BIOS"));
        kv(sb, "cpus", Integer.toString(vm.vcpusMax()));
        if (vm.cpuHotplug()) {
            kv(sb, "cpuhotplug", q("on")); // RECONSTRUCTED: key name/position not found in any capture
        }
        sb.append("""
                pae="on"
                longmode="on"
                triplefaultreset="off"
                apic="on"
                x2apic="on"
                """);
        if (six) {
            kv(sb, "nested-hw-virt", q("off"));
        }
        sb.append("""
                cpuid-portability-level=0
                bootmenu="messageandmenu"
                boot1="disk"
                boot2="dvd"
                boot3="none"
                boot4="none"
                acpi="on"
                ioapic="on"
                biosapic="apic"
                biossystemtimeoffset=0
                rtcuseutc="on"
                hwvirtex="on"
                nestedpaging="on"
                largepages="on"
                vtxvpid="on"
                vtxux="on"
                """);
        if (seven) {
            kv(sb, "virtvmsavevmload", q("on")); // RECONSTRUCTED: 7.0 key (cf. hostinfo "virt. vmsave/vmload")
            kv(sb, "iommu", q("none"));          // RECONSTRUCTED: 7.0 key
        }
        kv(sb, "paravirtprovider", q("default"));
        kv(sb, "effparavirtprovider", q("kvm"));
        VmPowerState st = vm.state();
        kv(sb, "VMState", q(stateWord(v, st)));
        kv(sb, "VMStateChangeTime", q(stateTime(vm.stateSince())));
        if (st == VmPowerState.SAVED || st == VmPowerState.ABORTED_SAVED) {
            // showvminfo-machinereadable-state-lines-reconstructed.txt: only when a state file exists
            kv(sb, "VMStateFile", q(folder + "/Snapshots/" + stateTime(vm.stateSince()).replace(':', '-')
                    .substring(0, 19) + "-000000000Z.sav"));
        }
        if (six) {
            kv(sb, "graphicscontroller", q("vmsvga"));
        }
        sb.append("""
                monitorcount=1
                accelerate3d="off"
                accelerate2dvideo="off"
                teleporterenabled="off"
                teleporterport=0
                teleporteraddress=""
                teleporterpassword=""
                tracing-enabled="off"
                tracing-allow-vm-access="off"
                tracing-config=""
                """);
        kv(sb, "autostart-enabled", q(vm.autostart() ? "on" : "off"));
        sb.append("""
                autostart-delay=0
                defaultfrontend=""
                """);
        if (six) {
            kv(sb, "vmprocpriority", q("default"));
        }
        storage(sb, vm);
        network(sb, v, vm);
        kv(sb, "hidpointing", q("ps2mouse"));
        kv(sb, "hidkeyboard", q("ps2kbd"));
        uarts(sb, v, vm);
        sb.append("""
                lpt1="off"
                lpt2="off"
                audio="pulse"
                clipboard="disabled"
                draganddrop="disabled"
                vrde="off"
                usb="off"
                ehci="off"
                xhci="off"
                """);
        if (six) {
            // RECONSTRUCTED: 6.0 replaced the vcp* video-capture keys by recording_* keys
            kv(sb, "recording_enabled", q("off"));
            kv(sb, "recording_screens", "1");
        } else {
            kv(sb, "vcpenabled", q("off"));
            kv(sb, "vcpscreens", "0");
            kv(sb, "vcpfile", q(folder + "/" + vm.name() + ".webm"));
            kv(sb, "vcpwidth", "1024");
            kv(sb, "vcpheight", "768");
            kv(sb, "vcprate", "512");
            kv(sb, "vcpfps", "25");
        }
        kv(sb, "GuestMemoryBalloon", Integer.toString(vm.memoryMaxMb() - vm.memoryCurMb()));
        return sb.toString();
    }

    static String stateWord(VBoxVersion v, VmPowerState st) {
        if (st == VmPowerState.ABORTED_SAVED && !v.atLeast(7, 0)) {
            return VmPowerState.SAVED.vboxWord(); // the state does not exist before 7.0
        }
        return st.vboxWord();
    }

    private static void kv(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value).append('\n');
    }

    private static void storage(StringBuilder sb, SimVm vm) {
        List<SimVm.Controller> ctls = vm.controllers();
        for (int i = 0; i < ctls.size(); i++) {
            SimVm.Controller c = ctls.get(i);
            kv(sb, "storagecontrollername" + i, q(c.name()));
            kv(sb, "storagecontrollertype" + i, q(c.type()));
            kv(sb, "storagecontrollerinstance" + i, q("0"));
            kv(sb, "storagecontrollermaxportcount" + i, q(Integer.toString(c.maxPortCount())));
            kv(sb, "storagecontrollerportcount" + i, q(Integer.toString(c.portCount())));
            kv(sb, "storagecontrollerbootable" + i, q(c.bootable() ? "on" : "off"));
        }
        // Per port/device lines: format strings of VBoxManageInfo.cpp ("%ls-%d-%d", "%ls-ImageUUID-%d-%d", "none")
        for (SimVm.Controller c : ctls) {
            for (int port = 0; port < c.portCount(); port++) {
                for (int dev = 0; dev < c.devicesPerPort(); dev++) {
                    SimVm.Attachment a = vm.attachment(c.name(), port, dev);
                    String slot = c.name() + "-" + port + "-" + dev;
                    if (a == null) {
                        kv(sb, q(slot), q("none"));
                    } else if (a.mediumUuid() == null) {
                        kv(sb, q(slot), q("emptydrive"));
                    } else {
                        kv(sb, q(slot), q(a.medium()));
                        kv(sb, q(c.name() + "-ImageUUID-" + port + "-" + dev), q(a.mediumUuid()));
                    }
                }
            }
        }
    }

    private static final java.time.format.DateTimeFormatter ISO_NANOS = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** NIC 1's MAC as VBoxManage prints it (12 hex digits, upper case), derived from the VM's UUID. */
    static String mac1(SimVm vm) {
        return "080027" + vm.uuid().replace("-", "").substring(0, 6).toUpperCase();
    }

    /**
     * {@code guestproperty enumerate}'s lines for what running Guest Additions set. RECONSTRUCTED from the
     * manual (not recorded): before 7.0 {@code Name: K, value: V, timestamp: NS, flags: F}; 7.0
     * {@code K = 'V' @ ISO-TIME [FLAGS]}.
     */
    static String guestProperties(VBoxVersion v, java.util.Map<String, String> props, java.time.Instant at) {
        StringBuilder sb = new StringBuilder();
        long ns = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        props.forEach((k, val) -> sb.append(v.atLeast(7, 0)
                ? k + " = '" + val + "' @ " + ISO_NANOS.format(at) + "\n"
                : "Name: " + k + ", value: " + val + ", timestamp: " + ns + ", flags: \n"));
        return sb.toString();
    }

    private static void network(StringBuilder sb, VBoxVersion v, SimVm vm) {
        String mac = mac1(vm);
        String mode = vm.nicMode();
        if (mode.equals("none")) {
            kv(sb, "nic1", q("none"));
        } else {
            // RECONSTRUCTED (VBoxManageInfo.cpp): the attachment's own lines (natnet1 / bridgeadapter1)
            // come before macaddress1, and nic1 carries the attachment word
            if (mode.equals("nat")) {
                kv(sb, "natnet1", q("nat"));
            } else if (mode.equals("bridged")) {
                kv(sb, "bridgeadapter1", q(vm.nicTarget()));
            }
            kv(sb, "macaddress1", q(mac));
            kv(sb, "cableconnected1", q("on"));
            kv(sb, "nic1", q(mode));
            sb.append("""
                    nictype1="82540EM"
                    nicspeed1="0"
                    """);
            if (mode.equals("nat")) {
                sb.append("""
                        mtu="0"
                        sockSnd="64"
                        sockRcv="64"
                        tcpWndSnd="64"
                        tcpWndRcv="64"
                        """);
                if (v != VBoxVersion.V7_0_0) { // NOTES section 2: 7.0.0 stopped listing NAT rules
                    kv(sb, "Forwarding(0)", q("ssh,tcp,127.0.0.1,2222,,22"));
                }
            }
        }
        for (int i = 2; i <= 8; i++) {
            kv(sb, "nic" + i, q("none"));
        }
    }

    /** uart lines: showvminfo-machinereadable-uart.txt (server mode, 0x03f8,4; uarttype from 6.0). */
    private static void uarts(StringBuilder sb, VBoxVersion v, SimVm vm) {
        String path = vm.uartServerPath();
        if (path == null) {
            kv(sb, "uart1", q("off"));
        } else {
            kv(sb, "uart1", q("0x03f8,4"));
            kv(sb, "uartmode1", q("server," + path));
            if (v.atLeast(6, 0)) {
                kv(sb, "uarttype1", q("16550A"));
            }
        }
        for (int i = 2; i <= 4; i++) {
            kv(sb, "uart" + i, q("off"));
        }
    }

    // ---- list hostinfo ---------------------------------------------------------------------------------------

    /**
     * 5.2: the layout of list-hostinfo-4.2.txt (NOTES: core counts/feature lines arrive in 6.x);
     * 6.1/7.0: list-hostinfo-7.1-reconstructed.txt minus the 7.1-only vmsave/vmload line.
     */
    static String hostinfo(VBoxVersion v, Instant now, int cpus, int memoryMb, int availableMb) {
        StringBuilder sb = new StringBuilder();
        sb.append("Host Information:\n\n");
        sb.append("Host time: ").append(HOST_TIME.format(now)).append('\n');
        sb.append("Processor online count: ").append(cpus).append('\n');
        sb.append("Processor count: ").append(cpus).append('\n');
        if (v.atLeast(6, 0)) { // RECONSTRUCTED: 6.x/7.0 lines from the 7.1 format strings
            sb.append("Processor online core count: ").append(Math.max(1, cpus / 2)).append('\n');
            sb.append("Processor core count: ").append(Math.max(1, cpus / 2)).append('\n');
            sb.append("Processor supports HW virtualization: yes\n");
            sb.append("Processor supports PAE: yes\n");
            sb.append("Processor supports long mode: yes\n");
            sb.append("Processor supports nested paging: yes\n");
            sb.append("Processor supports unrestricted guest: yes\n");
            sb.append("Processor supports nested HW virtualization: yes\n");
        }
        for (int i = 0; i < cpus; i++) {
            sb.append("Processor#").append(i).append(" speed: 2394 MHz\n");
            sb.append("Processor#").append(i).append(" description: ")
                    .append(v.atLeast(6, 0) ? "" : "        ") // 4.2 sample: run of spaces before the value
                    .append("Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz\n");
        }
        sb.append("Memory size: ").append(memoryMb).append(" MByte\n");
        sb.append("Memory available: ").append(availableMb).append(" MByte\n");
        sb.append("Operating system: Linux\n");
        sb.append("Operating system version: 6.1.0-18-amd64\n");
        return sb.toString();
    }

    private static final DateTimeFormatter HOST_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000000Z'").withZone(ZoneOffset.UTC);

    // ---- list systemproperties ------------------------------------------------------------------------------

    /**
     * 5.2: list-systemproperties-4.3-excerpt.txt (+ the 6.0 excerpt's Devices-per-SAS/NVMe-less tail);
     * 6.1/7.0: list-systemproperties-6.0-excerpt.txt; head and tail lines RECONSTRUCTED from the 7.1 file.
     */
    static String systemproperties(VBoxVersion v, String home) {
        StringBuilder sb = new StringBuilder();
        String api = v.major() + "_" + v.minor();
        sb.append("API version:                     ").append(api).append('\n'); // RECONSTRUCTED for 5.2+
        sb.append("Minimum guest RAM size:          4 Megabytes\n");
        sb.append("Maximum guest RAM size:          2097152 Megabytes\n");
        sb.append("Minimum video RAM size:          ").append(v.atLeast(6, 0) ? 0 : 1).append(" Megabytes\n");
        sb.append("Maximum video RAM size:          256 Megabytes\n");
        sb.append("Maximum guest monitor count:     64\n");
        sb.append("Minimum guest CPU count:         1\n");
        sb.append("Maximum guest CPU count:         32\n");
        sb.append("Virtual disk limit (info):       2199022206976 Bytes\n");
        sb.append("Maximum Serial Port count:       ").append(v.atLeast(6, 0) ? 4 : 2).append('\n');
        sb.append("""
                Maximum Parallel Port count:     2
                Maximum Boot Position:           4
                Maximum PIIX3 Network Adapter count:   8
                Maximum ICH9 Network Adapter count:   36
                Maximum PIIX3 IDE Controllers:   1
                Maximum ICH9 IDE Controllers:    1
                Maximum IDE Port count:          2
                Maximum Devices per IDE Port:    2
                Maximum PIIX3 SATA Controllers:  1
                Maximum ICH9 SATA Controllers:   8
                Maximum SATA Port count:         30
                Maximum Devices per SATA Port:   1
                Maximum PIIX3 SCSI Controllers:  1
                Maximum ICH9 SCSI Controllers:   8
                Maximum SCSI Port count:         16
                Maximum Devices per SCSI Port:   1
                Maximum SAS PIIX3 Controllers:   1
                Maximum SAS ICH9 Controllers:    8
                """);
        if (v.atLeast(6, 0)) {
            sb.append("""
                    Maximum SAS Port count:          255
                    Maximum Devices per SAS Port:    1
                    Maximum NVMe PIIX3 Controllers:  1
                    Maximum NVMe ICH9 Controllers:   8
                    Maximum NVMe Port count:         255
                    Maximum Devices per NVMe Port:   1
                    Maximum PIIX3 Floppy Controllers:1
                    Maximum ICH9 Floppy Controllers: 1
                    Maximum Floppy Port count:       1
                    Maximum Devices per Floppy Port: 2
                    """);
        } else {
            sb.append("Maximum SAS Port count:          8\n");
        }
        // RECONSTRUCTED: tail lines (labels from list-systemproperties-7.1-reconstructed.txt / 4.3 PR notes)
        sb.append("Default machine folder:          ").append(home).append("/VirtualBox VMs\n");
        sb.append("Raw-mode Supported:              no\n");
        sb.append("Exclusive HW virtualization use: on\n");
        sb.append("Default hard disk format:        VDI\n");
        sb.append("VRDE auth library:               VBoxAuth\n");
        sb.append("Webservice auth. library:        VBoxAuth\n");
        sb.append("Remote desktop ExtPack:          \n");
        sb.append("Log history count:               3\n");
        sb.append("Default frontend:                \n");
        sb.append("Default audio driver:            Pulse\n");
        sb.append("Autostart database path:         \n");
        sb.append("Default Guest Additions ISO:     \n"); // empty value: the packer PR's pitfall
        return sb.toString();
    }
}
