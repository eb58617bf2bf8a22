package dev.virtdeck.sim.xapi;

import java.util.Map;
import java.util.UUID;

/** One object of the simulated XAPI database: a ref, a uuid and a record. Guarded by the pool's lock. */
abstract class XObject {

    static final String NULL_REF = "OpaqueRef:NULL";

    final String ref;
    final String uuid;

    XObject() {
        this.uuid = UUID.randomUUID().toString();
        this.ref = "OpaqueRef:" + UUID.randomUUID();
    }

    /** The XenAPI class name, as in method names and HANDLE_INVALID ("VM", "host", "VM_metrics"...). */
    abstract String cls();

    /** The full record as XAPI's get_record returns it (int64 values as decimal strings). */
    abstract Map<String, Object> record();

    /** The name_label for get_by_name_label, or null when the class has none. */
    String nameLabel() {
        return null;
    }

    static String ref(XObject o) {
        return o == null ? NULL_REF : o.ref;
    }

    static String i64(long v) {
        return Long.toString(v);
    }
}
