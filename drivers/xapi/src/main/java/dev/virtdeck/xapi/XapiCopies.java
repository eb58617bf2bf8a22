package dev.virtdeck.xapi;

import com.xensource.xenapi.Network;
import com.xensource.xenapi.Pool;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VIF;
import com.xensource.xenapi.VM;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.xapi.XapiDriver.Vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.virtdeck.xapi.XapiDriver.LONG;
import static dev.virtdeck.xapi.XapiDriver.call;

/**
 * Issue 14's provisioning on XAPI: {@link XapiDriver#clone} ({@code VM.clone}),
 * {@link XapiDriver#setAutostart} ({@code other_config:auto_poweron}) and the NIC of a created VM
 * (a VIF on a network named by its name_label or its dom0 bridge).
 */
final class XapiCopies {
    /** The key XenServer reads at boot, on the pool and on each VM. */
    static final String AUTO_POWERON = "auto_poweron";

    private final XapiDriver driver;
    private final XapiSession xapi;
    private final String hostName;

    XapiCopies(XapiDriver driver, XapiSession xapi, String hostName) {
        this.driver = driver;
        this.xapi = xapi;
        this.hostName = hostName;
    }

    /**
     * {@code VM.clone} of a halted guest under the new name (XAPI names the clone in the same call),
     * then {@code VM.start} if asked. The SR clones the disks (copy-on-write where it can); VIFs are
     * copied onto the same networks with new MACs.
     */
    OpResult clone(String vm, String newName, boolean start) {
        Vm v = driver.resolve(vm);
        if (v.state() != VmState.SHUTOFF) {
            throw new InvalidRequestException(hostName, vm, null, "the VM is " + v.state().label()
                    + "; shut it down first (VM.clone takes a halted VM)");
        }
        requireFreeName(newName);
        List<String> calls = new ArrayList<>();
        calls.add(call("VM.clone", v));
        VM made = xapi.call(vm, "VM.clone", LONG, c -> v.ref().createClone(c, newName));
        String uuid = xapi.call(newName, "VM.get_uuid", c -> made.getUuid(c));
        String msg = "cloned as " + newName + " (" + uuid + ")";
        if (start) {
            calls.add("VM.start(" + uuid + ")");
            driver.run(newName, "VM.start", LONG, c -> made.start(c, false, false));
            msg += ", started";
        }
        return new OpResult(msg, String.join(" && ", calls));
    }

    /**
     * XAPI allows duplicate name labels; virtdeck names VMs by them, so a second guest of one name
     * is refused.
     */
    void requireFreeName(String name) {
        for (VM ref : xapi.call(name, "VM.get_by_name_label", c -> VM.getByNameLabel(c, name))) {
            VM.Record r = xapi.call(name, "VM.get_record", c -> ref.getRecord(c));
            if (!XapiVms.isTemplate(r)) {
                throw new InvalidRequestException(hostName, name, null, "a VM named '" + name
                        + "' exists already in the pool (" + r.uuid + ")");
            }
        }
    }

    /**
     * The VM's {@code other_config:auto_poweron} set to true (or removed). XenServer acts on it at
     * host boot only when the pool's own {@code other_config:auto_poweron} is true too: when it is
     * not, the result says so (changing the pool is the admin's decision, not a VM's).
     */
    OpResult setAutostart(String vm, boolean on) {
        Vm v = driver.resolve(vm);
        List<String> calls = new ArrayList<>();
        // add_to_other_config fails on a key that is there: remove first (a no-op when absent)
        calls.add(call("VM.remove_from_other_config", v));
        driver.run(vm, "VM.remove_from_other_config", xapi.defaultTimeout(),
                c -> v.ref().removeFromOtherConfig(c, AUTO_POWERON));
        if (!on) return new OpResult("autostart off", String.join(" && ", calls));
        calls.add(call("VM.add_to_other_config", v));
        driver.run(vm, "VM.add_to_other_config", xapi.defaultTimeout(),
                c -> v.ref().addToOtherConfig(c, AUTO_POWERON, "true"));
        Map<Pool, Pool.Record> pools = xapi.call(vm, "pool.get_all_records", Pool::getAllRecords);
        String note = "";
        for (Pool.Record p : pools.values()) {
            String pool = p.otherConfig == null ? null : p.otherConfig.get(AUTO_POWERON);
            if (!"true".equals(pool)) {
                note = "; the pool's other-config:auto_poweron is not true, so XenServer starts no VM at boot until"
                        + " it is (xe pool-param-set uuid=" + p.uuid + " other-config:auto_poweron=true)";
            }
        }
        return new OpResult("autostart on (other-config:auto_poweron=true)" + note, String.join(" && ", calls));
    }

    /**
     * Gives a VM made from a template the spec's NIC: {@link NicSpec.Kind#DEFAULT} keeps the
     * template's VIFs (the default template has none), {@code NONE} destroys them, a network or
     * bridge adds a VIF at the lowest free device with a MAC generated by XAPI.
     *
     * @return the calls made, for the result
     */
    List<String> applyNic(String vm, VM made, NicSpec nic) {
        List<String> calls = new ArrayList<>();
        if (nic.kind() == NicSpec.Kind.DEFAULT) return calls;
        Set<VIF> vifs = xapi.call(vm, "VM.get_VIFs", c -> made.getVIFs(c));
        if (nic.kind() == NicSpec.Kind.NONE) {
            for (VIF f : vifs) {
                calls.add("VIF.destroy");
                driver.run(vm, "VIF.destroy", xapi.defaultTimeout(), c -> f.destroy(c));
            }
            return calls;
        }
        Set<String> used = new HashSet<>();
        for (VIF f : vifs) used.add(xapi.call(vm, "VIF.get_device", c -> f.getDevice(c)));
        int device = 0;
        while (used.contains(Integer.toString(device))) device++;
        Network net = network(vm, nic);
        VIF.Record r = new VIF.Record();
        r.device = Integer.toString(device);
        r.network = net;
        r.VM = made;
        r.MAC = ""; // XAPI generates one
        r.MTU = 1500L;
        r.otherConfig = new HashMap<>();
        r.qosAlgorithmType = "";
        r.qosAlgorithmParams = new HashMap<>();
        r.lockingMode = Types.VifLockingMode.NETWORK_DEFAULT;
        r.ipv4Allowed = new HashSet<>();
        r.ipv6Allowed = new HashSet<>();
        calls.add("network.get_all_records");
        calls.add("VIF.create");
        xapi.call(vm, "VIF.create", c -> VIF.create(c, r));
        return calls;
    }

    /** The one network whose name_label (or, for bridge=, whose dom0 bridge) the spec names. */
    private Network network(String vm, NicSpec nic) {
        Map<Network, Network.Record> all = xapi.call(vm, "network.get_all_records", Network::getAllRecords);
        boolean byBridge = nic.kind() == NicSpec.Kind.BRIDGE;
        List<Network> hits = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        all.forEach((ref, r) -> {
            String key = byBridge ? r.bridge : r.nameLabel;
            if (nic.name().equals(key)) hits.add(ref);
            known.add("'" + r.nameLabel + "' (bridge " + r.bridge + ")");
        });
        if (hits.size() == 1) return hits.get(0);
        String what = byBridge ? "on bridge " + nic.name() : "named '" + nic.name() + "'";
        throw new InvalidRequestException(hostName, vm, "network.get_all_records", hits.isEmpty()
                ? "the pool has no network " + what + "; it has " + String.join(", ", known)
                : hits.size() + " networks are " + what + "; XAPI names are not unique, rename one (xe network-param-set)");
    }
}
