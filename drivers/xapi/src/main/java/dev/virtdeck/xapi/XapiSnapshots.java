package dev.virtdeck.xapi;

import com.xensource.xenapi.VM;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Snapshotting;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.xapi.XapiDriver.Vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * XenServer / XCP-ng snapshots (XenAPI reference): a snapshot is a VM record of its own
 * ({@code is_a_snapshot}, {@code snapshot_of}, {@code snapshot_time}) with copies of the VM's
 * disks; the VM's {@code parent} names the snapshot it descends from (the current one).
 * {@code VM.snapshot} captures the disks only (crash-consistent for a running VM; XAPI's
 * {@code VM.checkpoint}, with memory, is not used), {@code VM.revert} brings the VM back halted
 * with the snapshot's disks, and deleting one is {@code VM.destroy} of the snapshot and
 * {@code VDI.destroy} of its disks, as {@code xe snapshot-uninstall} does.
 */
final class XapiSnapshots implements Snapshotting {
    private final XapiDriver driver;
    private final XapiSession xapi;
    private final XapiProvisioning provisioning;
    private final String host;

    XapiSnapshots(XapiDriver driver, XapiSession xapi, XapiProvisioning provisioning, String host) {
        this.driver = driver;
        this.xapi = xapi;
        this.provisioning = provisioning;
        this.host = host;
    }

    /** A snapshot VM with its record. */
    private record Snap(VM ref, VM.Record rec) {
    }

    private List<Snap> of(String vm, Vm v) {
        List<Snap> out = new ArrayList<>();
        Set<VM> refs = v.rec().snapshots == null ? Set.of() : v.rec().snapshots;
        for (VM ref : refs) {
            try {
                out.add(new Snap(ref, xapi.call(vm, "VM.get_record", c -> ref.getRecord(c))));
            } catch (VmNotFoundException gone) {
                // deleted meanwhile
            }
        }
        return out;
    }

    @Override
    public List<VmSnapshot> list(String vm) {
        Vm v = driver.resolve(vm);
        List<Snap> snaps = of(vm, v);
        String current = XapiVms.isNull(v.rec().parent) ? null : v.rec().parent.toWireString();
        List<VmSnapshot> out = new ArrayList<>();
        for (Snap s : snaps) {
            String parent = null;
            if (!XapiVms.isNull(s.rec().parent)) {
                for (Snap p : snaps) if (p.ref().toWireString().equals(s.rec().parent.toWireString())) parent = p.rec().nameLabel;
            }
            boolean checkpoint = s.rec().powerState == com.xensource.xenapi.Types.VmPowerState.SUSPENDED;
            String description = s.rec().nameDescription;
            out.add(new VmSnapshot(s.rec().nameLabel, s.rec().snapshotTime == null ? null : s.rec().snapshotTime.toInstant(),
                    description == null || description.isEmpty() ? null : description,
                    checkpoint ? VmState.RUNNING : VmState.UNKNOWN, String.valueOf(s.rec().powerState),
                    s.ref().toWireString().equals(current), parent, null, checkpoint));
        }
        out.sort(VmSnapshot.ORDER);
        return out;
    }

    @Override
    public OpResult create(String vm, String name, String description) {
        Vm v = driver.resolve(vm);
        if (of(vm, v).stream().anyMatch(s -> name.equals(s.rec().nameLabel))) {
            throw new InvalidRequestException(host, vm, null, "a snapshot named '" + name + "' already exists on this VM"
                    + " (XAPI would take a second one of that name)");
        }
        String call = XapiDriver.call("VM.snapshot", v);
        VM snap = xapi.call(vm, call, XapiDriver.LONG, c -> v.ref().snapshot(c, name));
        List<String> calls = new ArrayList<>(List.of(call));
        if (description != null) {
            driver.run(vm, "VM.set_name_description", XapiDriver.LONG, c -> snap.setNameDescription(c, description));
            calls.add("VM.set_name_description");
        }
        return new OpResult("snapshot '" + name + "' taken (disks only)", String.join(" && ", calls));
    }

    @Override
    public OpResult revert(String vm, String name) {
        Vm v = driver.resolve(vm);
        Snap s = named(vm, v, name);
        String call = "VM.revert(" + s.rec().uuid + ")";
        driver.run(vm, call, XapiDriver.LONG, c -> s.ref().revert(c));
        return new OpResult("reverted to snapshot '" + name + "' (the VM is halted, with the snapshot's disks)", call);
    }

    @Override
    public OpResult delete(String vm, String name) {
        Vm v = driver.resolve(vm);
        Snap s = named(vm, v, name);
        List<String> gone = provisioning.destroy(vm, s.ref(), true, null);
        return new OpResult("deleted snapshot '" + name + "'" + (gone.isEmpty() ? "" : " with its " + gone.size()
                + " disk copies"), "VM.destroy(" + s.rec().uuid + ")" + (gone.isEmpty() ? "" : " && VDI.destroy x" + gone.size()));
    }

    private Snap named(String vm, Vm v, String name) {
        List<Snap> found = of(vm, v).stream().filter(s -> name.equals(s.rec().nameLabel)).toList();
        if (found.isEmpty()) {
            throw new InvalidRequestException(host, vm, null, "no snapshot named '" + name + "' on this VM"
                    + " (see: virtdeck snapshot list)");
        }
        if (found.size() > 1) {
            throw new InvalidRequestException(host, vm, null, found.size() + " snapshots of this VM are named '" + name
                    + "' (made outside virtdeck); rename one with xe snapshot-param-set");
        }
        return found.get(0);
    }
}
