package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.struct;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A virtual disk image. */
final class XVdi extends XObject {

    final SimXapiPool pool;
    String nameLabel;
    String nameDescription = "";
    XSr sr;
    long virtualSize;
    String type = "user";
    boolean sharable;
    boolean readOnly;
    Map<String, Object> otherConfig = new LinkedHashMap<>();

    XVdi(SimXapiPool pool) {
        this.pool = pool;
    }

    @Override
    String cls() {
        return "VDI";
    }

    @Override
    String nameLabel() {
        return nameLabel;
    }

    boolean inUse() {
        return pool.vbdsOf(this).stream().anyMatch(b -> b.currentlyAttached);
    }

    @Override
    Map<String, Object> record() {
        return struct(
                "uuid", uuid,
                "name_label", nameLabel,
                "name_description", nameDescription,
                "allowed_operations", inUse() ? List.of("snapshot", "clone")
                        : List.of("forget", "destroy", "snapshot", "resize", "update", "clone", "copy"),
                "current_operations", struct(),
                "SR", ref(sr),
                "VBDs", Records.refs(pool.vbdsOf(this)),
                "crash_dumps", List.of(),
                "virtual_size", i64(virtualSize),
                "physical_utilisation", i64(virtualSize),
                "type", type,
                "sharable", sharable,
                "read_only", readOnly,
                "other_config", new LinkedHashMap<>(otherConfig),
                "storage_lock", false,
                "location", uuid,
                "managed", true,
                "missing", false,
                "parent", NULL_REF,
                "xenstore_data", struct(),
                "sm_config", struct("vdi_type", "vhd"),
                "is_a_snapshot", false,
                "snapshot_of", NULL_REF,
                "snapshots", List.of(),
                "snapshot_time", Records.EPOCH,
                "tags", List.of(),
                "allow_caching", false,
                "on_boot", "persist",
                "metadata_of_pool", NULL_REF,
                "metadata_latest", false,
                "is_tools_iso", false,
                "cbt_enabled", false);
    }
}
