package dev.virtdeck.sim.xapi;

import static dev.virtdeck.sim.xapi.Records.struct;

import java.util.List;

/**
 * A XAPI network: a name_label and the dom0 bridge behind it. RECONSTRUCTED from the XenAPI
 * reference (class network); the default pool network is named as XenServer names the one it
 * makes for eth0 ("Pool-wide network associated with eth0", bridge xenbr0).
 */
final class XNetwork extends XObject {
    private final SimXapiPool pool;
    String nameLabel;
    String bridge;

    XNetwork(SimXapiPool pool, String nameLabel, String bridge) {
        this.pool = pool;
        this.nameLabel = nameLabel;
        this.bridge = bridge;
    }

    @Override
    String cls() {
        return "network";
    }

    @Override
    String nameLabel() {
        return nameLabel;
    }

    @Override
    java.util.Map<String, Object> record() {
        return struct(
                "uuid", uuid,
                "name_label", nameLabel,
                "name_description", "",
                "allowed_operations", List.of(),
                "current_operations", struct(),
                "VIFs", Records.refs(pool.vifsOn(this)),
                "PIFs", List.of(),
                "MTU", i64(1500),
                "other_config", struct(),
                "bridge", bridge,
                "managed", true,
                "blobs", struct(),
                "tags", List.of(),
                "default_locking_mode", "unlocked",
                "assigned_ips", struct(),
                "purpose", List.of());
    }
}
