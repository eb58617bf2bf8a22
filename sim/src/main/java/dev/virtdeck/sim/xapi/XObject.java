package dev.virtdeck.sim.xapi;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** One object of the simulated XAPI database: a ref, a uuid and a record. Guarded by the pool's lock. */
abstract class XObject {

    static final String NULL_REF = "OpaqueRef:NULL";
    /**
     * The database generation: XAPI counts every write; here only creations count (one counter for all pools of
     * this JVM: XAPI promises no more than a monotonic count). event.from reports it as an event's id and token.
     */
    private static final AtomicLong GENERATION = new AtomicLong();

    final String ref;
    final String uuid;
    /** The generation at which the object was created (an {@code add} event's id in XAPI). */
    final long created;

    XObject() {
        this.uuid = UUID.randomUUID().toString();
        this.ref = "OpaqueRef:" + UUID.randomUUID();
        this.created = GENERATION.incrementAndGet();
    }

    /** @return the latest generation handed out */
    static long generation() {
        return GENERATION.get();
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
