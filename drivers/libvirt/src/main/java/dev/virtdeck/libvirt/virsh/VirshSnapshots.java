package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.libvirt.SnapshotXml;
import dev.virtdeck.libvirt.Snapshots;
import dev.virtdeck.ssh.ExecResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Snapshots through virsh: each call one virsh run, every name its own argv word after its option
 * ({@code --snapshotname NAME}), success decided by the exit code.
 *
 * <p>Cost of a list: {@code snapshot-list --name}, then, when there are any,
 * {@code snapshot-current --name} and one {@code snapshot-dumpxml} per snapshot (the only virsh
 * output that holds the description and where the data lives), so 2 + N execs.
 */
final class VirshSnapshots implements Snapshotting {
    private final Virsh virsh;

    VirshSnapshots(Virsh virsh) {
        this.virsh = virsh;
    }

    @Override
    public List<VmSnapshot> list(String vm) {
        List<String> names = VirshParsers.names(virsh.ok(vm, "snapshot-list", "--domain", vm, "--name").stdout());
        if (names.isEmpty()) return List.of();
        ExecResult cur = virsh.run("snapshot-current", "--domain", vm, "--name");
        // exit 1 "has no current snapshot" is an answer too: none is current
        String current = cur.ok() ? cur.stdout().strip() : null;
        if (!cur.ok() && !VirshParsers.errorText(cur.stderr()).contains("no current snapshot")) {
            throw Virsh.failure(virsh.host(), vm, cur);
        }
        List<VmSnapshot> out = new ArrayList<>();
        for (String name : names) {
            ExecResult r = virsh.run("snapshot-dumpxml", "--domain", vm, "--snapshotname", name);
            if (!r.ok()) {
                if (Snapshots.isUnknown(VirshParsers.errorText(r.stderr()))) continue; // deleted meanwhile
                throw Virsh.failure(virsh.host(), vm, r);
            }
            try {
                out.add(SnapshotXml.parse(r.stdout(), name.equals(current)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(virsh.host(), vm, r.command(), "unreadable snapshot XML: "
                        + e.getMessage(), e);
            }
        }
        out.sort(VmSnapshot.ORDER);
        return out;
    }

    @Override
    public OpResult create(String vm, String name, String description) {
        List<String> args = new ArrayList<>(List.of("snapshot-create-as", "--domain", vm, "--name", name));
        if (description != null) args.addAll(List.of("--description", description));
        ExecResult r = virsh.run(args.toArray(String[]::new));
        if (!r.ok()) {
            String why = VirshParsers.errorText(r.stderr());
            String explained = Snapshots.explainCreate(why, name);
            if (explained != null && Virsh.missing(virsh.host(), r) == null) {
                throw new InvalidRequestException(virsh.host(), vm, r.command(), explained);
            }
            throw Virsh.failure(virsh.host(), vm, r);
        }
        return new OpResult(Snapshots.created(name), r.command());
    }

    @Override
    public OpResult revert(String vm, String name) {
        return change(vm, name, Snapshots.reverted(name), "snapshot-revert", "--domain", vm, "--snapshotname", name);
    }

    @Override
    public OpResult delete(String vm, String name) {
        return change(vm, name, Snapshots.deleted(name), "snapshot-delete", "--domain", vm, "--snapshotname", name);
    }

    private OpResult change(String vm, String name, String done, String... args) {
        ExecResult r = virsh.run(args);
        if (r.ok()) return new OpResult(done, r.command());
        throw failure(vm, name, r);
    }

    private VirtdeckException failure(String vm, String name, ExecResult r) {
        if (Snapshots.isUnknown(VirshParsers.errorText(r.stderr()))) {
            return Snapshots.unknown(virsh.host(), vm, r.command(), name);
        }
        return Virsh.failure(virsh.host(), vm, r);
    }
}
