package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A virtual block device: VM + VDI at a {@code userdevice} slot. {@code device} (xvda, xvdb, ...) is filled in
 * when the VBD is first attached (VM start or VBD.plug), as XAPI does; it stays after the detach.
 */
final class XVbd extends XObject {

    XapiVm vm;
    XVdi vdi;
    String userdevice;
    String device = "";
    boolean bootable;
    String mode = "RW";
    String type = "Disk";
    boolean empty;
    boolean unpluggable = true;
    boolean currentlyAttached;
    Map<String, Object> otherConfig = new LinkedHashMap<>();
    String qosAlgorithmType = "";
    Map<String, Object> qosAlgorithmParams = new LinkedHashMap<>();

    @Override
    String cls() {
        return "VBD";
    }

    /** Xen's PV disk name for a userdevice slot: 0 = xvda, 1 = xvdb, ... 25 = xvdz. */
    static String deviceName(int slot) {
        return "xvd" + (char) ('a' + slot);
    }

    void attach() {
        currentlyAttached = true;
        device = deviceName(Integer.parseInt(userdevice));
    }

    @Override
    Map<String, Object> record() {
        return struct(
                "uuid", uuid,
                "allowed_operations", currentlyAttached ? List.of("attach", "unplug", "unplug_force")
                        : List.of("attach", "plug"),
                "current_operations", struct(),
                "VM", ref(vm),
                "VDI", ref(vdi),
                "device", device,
                "userdevice", userdevice,
                "bootable", bootable,
                "mode", mode,
                "type", type,
                "unpluggable", unpluggable,
                "storage_lock", false,
                "empty", empty,
                "other_config", new LinkedHashMap<>(otherConfig),
                "currently_attached", currentlyAttached,
                "status_code", "0",
                "status_detail", "",
                "runtime_properties", struct(),
                "qos_algorithm_type", qosAlgorithmType,
                "qos_algorithm_params", new LinkedHashMap<>(qosAlgorithmParams),
                "qos_supported_algorithms", List.of(),
                "metrics", NULL_REF);
    }
}
