package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.struct;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a VM's guest tools report to XAPI (class VM_guest_metrics, fields as of XenServer 8 /
 * XCP-ng 8.2); only {@code networks} is filled ("0/ipv4/0" -> address). RECONSTRUCTED from the
 * XenAPI reference: no recorded XAPI wire data is in the reference corpus.
 */
final class XGuestMetrics extends XObject {
    final Map<String, Object> networks = new LinkedHashMap<>();

    @Override
    String cls() {
        return "VM_guest_metrics";
    }

    @Override
    Map<String, Object> record() {
        return struct("uuid", uuid, "os_version", struct(), "PV_drivers_version", struct(),
                "PV_drivers_up_to_date", true, "memory", struct(), "disks", struct(),
                "networks", new LinkedHashMap<>(networks), "other", struct(), "last_updated", Records.EPOCH,
                "other_config", struct(), "live", true, "can_use_hotplug_vbd", "yes", "can_use_hotplug_vif", "yes",
                "PV_drivers_detected", true);
    }
}
