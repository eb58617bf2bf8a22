package dev.virtdeck.sim;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * virsh's snapshot commands on one simulated domain: internal snapshots only, as libvirt's qemu
 * driver takes them by default. Outputs and error lines were RECORDED from virsh 9.0.0 / libvirt
 * 9.0.0 on Debian 12 (LC_ALL=C) unless marked RECONSTRUCTED; disk contents are not modelled, a
 * revert restores the run state only.
 */
final class VirshSnapshots {
    private VirshSnapshots() {
    }

    /** @return false when the command failed (its error is on stderr) */
    static boolean run(SimHost host, SimVm vm, String cmd, Map<String, String> opts, Io io) {
        return switch (cmd) {
            case "snapshot-create-as" -> create(host, vm, opts, io);
            case "snapshot-list" -> list(vm, opts, io);
            case "snapshot-current" -> current(vm, opts, io);
            case "snapshot-dumpxml" -> withSnapshot(vm, opts.get("snapshotname"), io, s -> {
                io.out(xml(host, vm, s));
                return true;
            });
            case "snapshot-revert" -> withSnapshot(vm, opts.get("snapshotname"), io, s -> {
                vm.state(s.state() == VmPowerState.RUNNING || s.state() == VmPowerState.PAUSED ? s.state()
                        : VmPowerState.POWEROFF, "from snapshot");
                vm.currentSnapshot(s.name());
                io.out("Domain snapshot " + s.name() + " reverted\n");
                return true;
            });
            case "snapshot-delete" -> withSnapshot(vm, opts.get("snapshotname"), io, s -> {
                vm.removeSnapshot(s.name());
                io.out("Domain snapshot " + s.name() + " deleted\n");
                return true;
            });
            default -> throw new IllegalStateException(cmd);
        };
    }

    private static boolean create(SimHost host, SimVm vm, Map<String, String> opts, Io io) {
        String name = opts.containsKey("name") ? opts.get("name") : Long.toString(host.clock().instant().getEpochSecond());
        if (vm.snapshots().stream().anyMatch(s -> s.name().equals(name))) {
            io.err("error: operation failed: domain moment " + name + " already exists\n");
            return false;
        }
        Optional<SimVm.Disk> raw = vm.disks().stream().filter(d -> "raw".equals(d.format())).findFirst();
        if (raw.isPresent()) {
            io.err("error: unsupported configuration: internal snapshot for disk " + raw.get().target()
                    + " unsupported for storage type raw\n");
            return false;
        }
        if (vm.disks().isEmpty()) {
            io.err(vm.state().hasProcess()
                    ? "error: unsupported configuration: internal and full system snapshots require all disks to be"
                            + " selected for snapshot\n"
                    : "error: unsupported configuration: nothing selected for snapshot\n");
            return false;
        }
        vm.takeSnapshot(name, opts.get("description"), host.clock().instant().getEpochSecond());
        io.out("Domain snapshot " + name + " created\n");
        return true;
    }

    /** Only {@code --name} is modelled: one name per line, sorted as libvirt sorts them (by name). */
    private static boolean list(SimVm vm, Map<String, String> opts, Io io) {
        if (!opts.containsKey("name")) {
            io.err("sim: virsh snapshot-list without --name is not simulated\n");
            return false;
        }
        StringBuilder sb = new StringBuilder();
        vm.snapshots().stream().map(SimVm.Snapshot::name).sorted(Comparator.naturalOrder())
                .forEach(n -> sb.append(n).append('\n'));
        io.out(sb.toString());
        return true;
    }

    private static boolean current(SimVm vm, Map<String, String> opts, Io io) {
        String cur = vm.currentSnapshot();
        if (cur == null) {
            io.err("error: domain '" + vm.name() + "' has no current snapshot\n");
            return false;
        }
        if (!opts.containsKey("name")) {
            io.err("sim: virsh snapshot-current without --name is not simulated\n");
            return false;
        }
        io.out(cur + "\n");
        return true;
    }

    private interface OnSnapshot {
        boolean run(SimVm.Snapshot s);
    }

    private static boolean withSnapshot(SimVm vm, String name, Io io, OnSnapshot body) {
        if (name == null) {
            // RECONSTRUCTED: virsh without --snapshotname (nor --current) takes the current one
            name = vm.currentSnapshot();
            if (name == null) {
                io.err("error: domain '" + vm.name() + "' has no current snapshot\n");
                return false;
            }
        }
        String n = name;
        Optional<SimVm.Snapshot> s = vm.snapshots().stream().filter(x -> x.name().equals(n)).findFirst();
        if (s.isEmpty()) {
            io.err("error: Domain snapshot not found: no domain snapshot with matching name '" + name + "'\n");
            return false;
        }
        return body.run(s.get());
    }

    /** As {@code snapshot-dumpxml} prints it (the nested {@code <domain>} shortened to its name and uuid). */
    private static String xml(SimHost host, SimVm vm, SimVm.Snapshot s) {
        boolean running = s.state() == VmPowerState.RUNNING || s.state() == VmPowerState.PAUSED;
        StringBuilder x = new StringBuilder("<domainsnapshot>\n");
        x.append("  <name>").append(VirshText.xmlEscape(s.name())).append("</name>\n");
        if (s.description() != null) {
            x.append("  <description>").append(VirshText.xmlEscape(s.description())).append("</description>\n");
        }
        x.append("  <state>").append(running ? VirshText.stateWord(s.state()) : "shutoff").append("</state>\n");
        if (s.parent() != null) {
            x.append("  <parent>\n    <name>").append(VirshText.xmlEscape(s.parent())).append("</name>\n  </parent>\n");
        }
        x.append("  <creationTime>").append(s.created()).append("</creationTime>\n");
        x.append("  <memory snapshot='").append(running ? "internal" : "no").append("'/>\n");
        x.append("  <disks>\n");
        for (SimVm.Disk d : vm.disks()) {
            x.append("    <disk name='").append(VirshText.xmlEscape(d.target())).append("' snapshot='internal'/>\n");
        }
        x.append("  </disks>\n");
        x.append("  <domain type='qemu'>\n");
        x.append("    <name>").append(VirshText.xmlEscape(vm.name())).append("</name>\n");
        x.append("    <uuid>").append(vm.uuid()).append("</uuid>\n  </domain>\n");
        return x.append("</domainsnapshot>\n").toString();
    }
}
