package dev.virtdeck.vbox;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.ssh.ExecResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * VirtualBox snapshots through {@code VBoxManage snapshot VM take|list|restore|delete}.
 *
 * <p>{@code list --machinereadable} prints the snapshot tree as keys (RECONSTRUCTED from
 * VBoxManage's manual and its snapshot listing, not recorded: no VirtualBox on this machine):
 * {@code SnapshotName="root"}, {@code SnapshotUUID=...}, {@code SnapshotDescription=...} (when
 * there is one), each child with the parent's suffix plus {@code -N} ({@code SnapshotName-1},
 * {@code SnapshotName-1-1}), and {@code CurrentSnapshotName}. It tells neither the time nor the
 * VM state a snapshot holds, so those stay unknown. A VM without snapshots answers "This machine
 * does not have any snapshots" with exit 1.
 *
 * <p>VirtualBox accepts two snapshots of one name; virtdeck refuses a taken name so that revert
 * and delete by name stay unambiguous. VirtualBox restores only a VM that is not running: revert
 * powers a running VM off first (what it ran since is lost either way), and a snapshot taken of a
 * running VM comes back as a saved state, which revert then starts, as libvirt resumes it.
 */
final class VBoxSnapshots implements Snapshotting {
    static final String NONE = "does not have any snapshots";

    private final String host;
    private final VBoxManage vbm;
    private final Function<String, String> ref;
    private final Function<String, MachineInfo> info;

    /**
     * @param ref  the word naming a VM to VBoxManage (its UUID for a name starting with '-')
     * @param info the VM's showvminfo
     */
    VBoxSnapshots(String host, VBoxManage vbm, Function<String, String> ref, Function<String, MachineInfo> info) {
        this.host = host;
        this.vbm = vbm;
        this.ref = ref;
        this.info = info;
    }

    @Override
    public List<VmSnapshot> list(String vm) {
        ExecResult r = vbm.run("snapshot", ref.apply(vm), "list", "--machinereadable");
        if (!r.ok() && r.stdout().contains(NONE) && !VBoxParsers.hasError(r.stderr())) return List.of();
        vbm.require(vm, r);
        return parse(VBoxParsers.machineReadable(r.stdout(), null).keys());
    }

    /** @return the snapshots of {@code list --machinereadable}'s keys, in tree order (each after its parent) */
    static List<VmSnapshot> parse(Map<String, String> keys) {
        List<String> suffixes = new ArrayList<>();
        for (String k : keys.keySet()) {
            if (k.startsWith("SnapshotName") && k.substring("SnapshotName".length()).matches("(-\\d+)*")) {
                suffixes.add(k.substring("SnapshotName".length()));
            }
        }
        suffixes.sort(Comparator.comparing(VBoxSnapshots::path, Arrays::compare));
        String current = keys.get("CurrentSnapshotName");
        String currentNode = keys.get("CurrentSnapshotNode");
        List<VmSnapshot> out = new ArrayList<>();
        for (String s : suffixes) {
            String name = keys.get("SnapshotName" + s);
            int dash = s.lastIndexOf('-');
            String parent = s.isEmpty() ? null : keys.get("SnapshotName" + s.substring(0, dash));
            boolean isCurrent = currentNode != null ? currentNode.equals("SnapshotName" + s) : name.equals(current);
            String description = keys.get("SnapshotDescription" + s);
            out.add(new VmSnapshot(name, null, description == null || description.isEmpty() ? null : description,
                    VmState.UNKNOWN, null, isCurrent, parent, null, null));
        }
        return out;
    }

    private static int[] path(String suffix) {
        return suffix.isEmpty() ? new int[0]
                : Arrays.stream(suffix.substring(1).split("-")).mapToInt(Integer::parseInt).toArray();
    }

    @Override
    public OpResult create(String vm, String name, String description) {
        if (name.startsWith("-")) {
            throw new InvalidRequestException(host, vm, null, "VBoxManage would read a snapshot name starting with '-'"
                    + " as an option: choose another name");
        }
        if (list(vm).stream().anyMatch(s -> s.name().equals(name))) {
            throw new InvalidRequestException(host, vm, null, "a snapshot named '" + name + "' already exists on this VM"
                    + " (VirtualBox would take a second one of that name)");
        }
        List<String> args = new ArrayList<>(List.of("snapshot", ref.apply(vm), "take", name));
        if (description != null) args.addAll(List.of("--description", description));
        ExecResult r = vbm.okSlow(vm, args.toArray(String[]::new));
        return new OpResult("snapshot '" + name + "' taken", r.command());
    }

    @Override
    public OpResult revert(String vm, String name) {
        String node = existing(vm, name);
        List<String> cmds = new ArrayList<>();
        MachineInfo before = info.apply(vm);
        if (before.hasProcess()) cmds.add(vbm.okSlow(vm, "controlvm", node, "poweroff").command());
        cmds.add(vbm.okSlow(vm, "snapshot", node, "restore", name).command());
        String msg = "reverted to snapshot '" + name + "'" + (before.hasProcess() ? " (the running VM was powered off first)" : "");
        if ("saved".equals(info.apply(vm).state())) {
            cmds.add(vbm.okSlow(vm, "startvm", node, "--type", "headless").command());
            msg += "; resumed from the snapshot's saved state";
        }
        return new OpResult(msg, String.join(" && ", cmds));
    }

    @Override
    public OpResult delete(String vm, String name) {
        String node = existing(vm, name);
        ExecResult r = vbm.okSlow(vm, "snapshot", node, "delete", name);
        return new OpResult("deleted snapshot '" + name + "'", r.command());
    }

    /** @return the VM's word for VBoxManage, once it is known to have a snapshot {@code name} */
    private String existing(String vm, String name) {
        if (list(vm).stream().noneMatch(s -> s.name().equals(name))) {
            throw new InvalidRequestException(host, vm, null, "no snapshot named '" + name + "' on this VM"
                    + " (see: virtdeck snapshot list)");
        }
        return ref.apply(vm);
    }
}
