package dev.virtdeck.vbox;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.ssh.ExecResult;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@link VBoxDriver#clone}: {@code clonevm SRC --name NEW --register}, a full clone of the
 * source's current state (VirtualBox's default mode {@code machine}) with new UUID and MAC
 * addresses and copies of its hard disks in the clone's folder.
 */
final class VBoxClone {
    private final VBoxManage vbm;
    private final Function<String, MachineInfo> info;

    /** @param info a VM's {@code showvminfo --machinereadable}, parsed for the host's version */
    VBoxClone(VBoxManage vbm, Function<String, MachineInfo> info) {
        this.vbm = vbm;
        this.info = info;
    }

    /**
     * Only a powered-off (or aborted) source: VirtualBox would clone a running one through a
     * temporary snapshot and a saved one with its memory file, neither of which is the "copy of a
     * stopped VM" clone promises everywhere. The clone's UART socket path is a verbatim copy of the
     * source's, so it is moved to the clone's own folder (two VMs cannot serve one socket).
     *
     * @param ref the word naming the source to VBoxManage (its name, or UUID for a name like an option)
     */
    OpResult clone(String vm, String ref, String newName, boolean start) {
        MachineInfo source = info.apply(vm);
        String st = source.state();
        if (source.hasProcess() || !("poweroff".equals(st) || "aborted".equals(st))) {
            throw new InvalidRequestException(vbm.host(), vm, null, "the VM is " + st + "; power it off first"
                    + " (the clone copies its disks; a saved state would be cloned with its memory file)");
        }
        if (newName.startsWith("-")) {
            throw new InvalidRequestException(vbm.host(), newName, null,
                    "a name cannot start with '-' (VBoxManage clonevm would read it as an option)");
        }
        if (newName.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new InvalidRequestException(vbm.host(), newName, null, "a VirtualBox VM name cannot hold control"
                    + " characters: VBoxManage lists names unescaped, one per line");
        }
        ExecResult exists = vbm.run("showvminfo", newName, "--machinereadable");
        if (!VBoxManage.failed(exists)) {
            throw new InvalidRequestException(vbm.host(), newName, exists.command(), "a VM with this name already exists");
        }
        if (!VBoxManage.isNotFound(VBoxParsers.errorText(exists.stderr()))) {
            throw VBoxManage.failure(vbm.host(), newName, exists);
        }
        List<String> cmds = new ArrayList<>();
        // progress goes to stderr with exit 0: success is decided by the exit code and error block only
        cmds.add(vbm.okSlow(vm, "clonevm", ref, "--name", newName, "--register").command());
        MachineInfo copy = info.apply(newName);
        String socket = null;
        if (copy.uartServerPath() != null) {
            socket = VBoxCreate.uartSocket(copy.folder(), copy.uuid() != null ? copy.uuid() : newName);
            if (!socket.equals(copy.uartServerPath())) {
                cmds.add(vbm.ok(newName, "modifyvm", newName, "--uartmode1", "server", socket).command());
            }
        }
        if (start) cmds.add(vbm.ok(newName, "startvm", newName, "--type", "headless").command());
        return new OpResult((start ? "cloned as " + newName + " and started" : "cloned as " + newName)
                + (socket == null ? "" : " (serial console " + socket + ")"), String.join(" && ", cmds));
    }
}
