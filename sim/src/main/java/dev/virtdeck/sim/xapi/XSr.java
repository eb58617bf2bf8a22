package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.struct;

import java.util.List;
import java.util.Map;

/** A storage repository: each member has a thick-provisioned "Local storage" LVM SR. */
final class XSr extends XObject {

    final SimXapiPool pool;
    final XHost host;
    String nameLabel = "Local storage";
    long physicalSize = XHost.defaultSrSize();

    XSr(SimXapiPool pool, XHost host) {
        this.pool = pool;
        this.host = host;
    }

    @Override
    String cls() {
        return "SR";
    }

    @Override
    String nameLabel() {
        return nameLabel;
    }

    long utilisation() {
        return pool.vdis(this).stream().mapToLong(v -> v.virtualSize).sum();
    }

    @Override
    Map<String, Object> record() {
        long used = utilisation();
        return struct(
                "uuid", uuid,
                "name_label", nameLabel,
                "name_description", "",
                "allowed_operations", List.of("vdi_create", "vdi_destroy", "vdi_resize", "vdi_clone",
                        "vdi_snapshot", "scan", "plug", "unplug", "update"),
                "current_operations", struct(),
                "VDIs", Records.refs(pool.vdis(this)),
                "PBDs", List.of(),
                "virtual_allocation", i64(used),
                "physical_utilisation", i64(used),
                "physical_size", i64(physicalSize),
                "type", "lvm",
                "content_type", "user",
                "shared", false,
                "other_config", struct("i18n-key", "local-storage", "i18n-original-value-name_label",
                        "Local storage"),
                "tags", List.of(),
                "sm_config", struct("allocation", "thick", "devserial", "scsi-sim-" + host.sim.hostname()),
                "blobs", struct(),
                "local_cache_enabled", false,
                "introduced_by", NULL_REF,
                "clustered", false,
                "is_tools_sr", false);
    }
}
