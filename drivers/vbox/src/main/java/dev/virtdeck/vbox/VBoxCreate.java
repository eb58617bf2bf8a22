package dev.virtdeck.vbox;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.ssh.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@link VBoxDriver#create}: a registered VM with its serial socket, SATA controller, disk and ISO. */
final class VBoxCreate {
    private static final Logger LOG = LoggerFactory.getLogger(VBoxCreate.class);

    private final VBoxManage vbm;

    VBoxCreate(VBoxManage vbm) {
        this.vbm = vbm;
    }

    /**
     * {@code createvm --register}, then one {@code modifyvm} (memory, CPUs, UART1 as a server
     * socket), a SATA controller, the disk and the ISO. VirtualBox stores only the maximum memory
     * and CPU count: lower current values are applied live after start (balloon, CPU hot-plug).
     * Any failure unregisters the VM again and deletes what was created.
     */
    OpResult create(CreateSpec spec, boolean start, Supplier<VBoxVersion> version) {
        String vm = spec.name();
        spec.refuseTemplate(vbm.host(), "VBoxManage");
        if (spec.kernel() != null || spec.initrd() != null) {
            throw Operation.CREATE.unsupported(vbm.host(), vm, VBoxCapabilities.NO_KERNEL_BOOT);
        }
        validate(spec);
        if (spec.image() != null && spec.diskMiB() != null) {
            throw new InvalidRequestException(vbm.host(), vm, null, VBoxCapabilities.IMAGE_SIZE);
        }
        nicOptions(spec.network());
        ExecResult exists = vbm.run("showvminfo", vm, "--machinereadable");
        if (!VBoxManage.failed(exists)) {
            throw new InvalidRequestException(vbm.host(), vm, exists.command(), "a VM with this name already exists");
        }
        if (!VBoxManage.isNotFound(VBoxParsers.errorText(exists.stderr()))) {
            throw VBoxManage.failure(vbm.host(), vm, exists);
        }
        ExecResult c = vbm.ok(vm, "createvm", "--name", vm, "--register");
        List<String> cmds = new ArrayList<>(List.of(c.command()));
        String uuid = VBoxParsers.createdUuid(c.stdout());
        String settings = VBoxParsers.settingsFile(c.stdout());
        String id = uuid != null ? uuid : vm;
        String folder = settings == null ? null : settings.substring(0, Math.max(0, settings.lastIndexOf('/')));
        String disk = null;
        boolean diskAttached = false;
        boolean started = false;
        try {
            String socket = uartSocket(folder, id);
            List<String> modify = new ArrayList<>(List.of("modifyvm", id, "--memory", Long.toString(spec.maxMemoryMiB())));
            // hot-plug first: enabling it marks the CPUs counted so far as plugged (only CPU 0 here)
            if (spec.vcpus() < spec.maxVcpus()) modify.addAll(List.of("--cpuhotplug", "on"));
            modify.addAll(List.of("--cpus", Integer.toString(spec.maxVcpus()), "--uart1", "0x3F8", "4",
                    "--uartmode1", "server", socket));
            modify.addAll(nicOptions(spec.network()));
            cmds.add(vbm.ok(vm, modify.toArray(String[]::new)).command());
            cmds.add(vbm.ok(vm, "storagectl", id, "--name", VBoxDriver.SATA, "--add", "sata", "--controller", "IntelAhci",
                    "--portcount", "4").command());
            if (spec.diskMiB() != null || spec.image() != null) {
                disk = (folder == null || folder.isEmpty() ? "" : folder + "/") + VBoxDriver.fileSafe(vm) + "-disk0.vdi";
                cmds.add(vbm.okSlow(vm, diskCommand(disk, spec)).command());
                cmds.add(vbm.ok(vm, "storageattach", id, "--storagectl", VBoxDriver.SATA, "--port", "0", "--device", "0",
                        "--type", "hdd", "--medium", disk, "--hotpluggable", "on").command());
                diskAttached = true;
            }
            if (spec.iso() != null) {
                cmds.add(vbm.ok(vm, "storageattach", id, "--storagectl", VBoxDriver.SATA, "--port", "1", "--device", "0",
                        "--type", "dvddrive", "--medium", spec.iso()).command());
            }
            if (start) {
                cmds.add(vbm.ok(vm, "startvm", id, "--type", "headless").command());
                started = true;
                for (int cpu = 1; cpu < spec.vcpus(); cpu++) {
                    cmds.add(vbm.ok(vm, "controlvm", id, "plugcpu", Integer.toString(cpu)).command());
                }
                if (spec.memoryMiB() < spec.maxMemoryMiB()) {
                    cmds.add(vbm.ok(vm, "controlvm", id, "guestmemoryballoon",
                            Long.toString(spec.maxMemoryMiB() - spec.memoryMiB())).command());
                }
            }
        } catch (VirtdeckException e) {
            rollback(vm, id, started, disk, diskAttached, e);
            throw e;
        }
        String what = (start ? "created and started" : "created") + " (VirtualBox " + version.get().shortText()
                + (disk == null ? "" : ", disk " + disk)
                + (spec.image() == null ? "" : " (differencing image on " + spec.image() + ")") + ", " + nicText(spec.network()) + ")";
        if (!start && (spec.vcpus() < spec.maxVcpus() || spec.memoryMiB() < spec.maxMemoryMiB())) {
            what += "; VirtualBox stores only the maximum memory and vCPUs, lower values apply live after start";
        }
        return new OpResult(what, String.join(" && ", cmds));
    }

    /**
     * The VM's first disk: a new dynamic VDI of {@code --disk}'s size, or with {@code --image} a
     * differencing VDI whose parent is the base image. VBoxManage opens (registers) a parent it does
     * not know yet; VirtualBox never writes a medium that has children, so the base stays as it is.
     */
    static String[] diskCommand(String disk, CreateSpec spec) {
        if (spec.image() != null) {
            return new String[] {"createmedium", "disk", "--filename", disk, "--diffparent", spec.image(),
                    "--format", "VDI"};
        }
        return new String[] {"createmedium", "disk", "--filename", disk, "--size", Long.toString(spec.diskMiB()),
                "--format", "VDI"};
    }

    /**
     * NIC 1's {@code modifyvm} options. The default is NAT, set explicitly (not left to the
     * release's own default): VirtualBox's NAT engine gives the guest DHCP and outbound access with
     * no host setup, as libvirt's {@code default} network does.
     *
     * @throws InvalidRequestException for a named network other than {@code nat}
     */
    List<String> nicOptions(NicSpec nic) {
        return switch (nic.kind()) {
            case DEFAULT -> List.of("--nic1", "nat");
            case NONE -> List.of("--nic1", "none");
            case BRIDGE -> List.of("--nic1", "bridged", "--bridgeadapter1", nic.name());
            case NETWORK -> {
                if (!"nat".equalsIgnoreCase(nic.name())) {
                    throw new InvalidRequestException(vbm.host(), null, null, VBoxCapabilities.NETWORKS);
                }
                yield List.of("--nic1", "nat");
            }
        };
    }

    private static String nicText(NicSpec nic) {
        return switch (nic.kind()) {
            case DEFAULT, NETWORK -> "NIC 1 on NAT";
            case NONE -> "no NIC";
            case BRIDGE -> "NIC 1 bridged to " + nic.name();
        };
    }

    private void validate(CreateSpec spec) {
        String vm = spec.name();
        String bad = null;
        if (vm == null || vm.isBlank()) bad = "the VM needs a name";
        else if (vm.startsWith("-")) bad = "a name cannot start with '-' (VBoxManage createvm would read it as an option)";
        // `VBoxManage list vms` prints names unescaped, one per line: a line break would split the VM
        else if (vm.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            bad = "a VirtualBox VM name cannot hold control characters (newline, tab, ...): VBoxManage lists names"
                    + " unescaped, one per line";
        }
        else if (spec.memoryMiB() < 4) bad = "VirtualBox needs at least 4 MiB of memory";
        if (bad != null) throw new InvalidRequestException(vbm.host(), vm, null, bad);
    }

    /**
     * The UART socket lives in the VM's folder when the path is short enough for a Unix socket
     * (sun_path: 108 bytes) and plain enough for socat's address syntax, else in /tmp by UUID.
     */
    static String uartSocket(String folder, String id) {
        if (folder != null && !folder.isEmpty()) {
            String p = folder + "/serial.sock";
            if (p.getBytes(StandardCharsets.UTF_8).length < 100 && p.matches("[A-Za-z0-9_./@%+=~-]+")) return p;
        }
        return "/tmp/virtdeck-" + VBoxDriver.fileSafe(id) + ".sock";
    }

    private void rollback(String vm, String id, boolean started, String disk, boolean diskAttached,
                          VirtdeckException cause) {
        try {
            if (started) vbm.runSlow("controlvm", id, "poweroff");
            // --delete also removes the attached disk image and the VM's folder
            vbm.okSlow(vm, "unregistervm", id, "--delete");
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: rollback: unregistervm failed: {}", vbm.host(), vm, e.getMessage());
            cause.addSuppressed(e);
        }
        if (disk != null && !diskAttached) vbm.deleteMediumQuietly(vm, disk, cause);
    }
}
