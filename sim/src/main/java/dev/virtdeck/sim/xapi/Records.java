package dev.virtdeck.sim.xapi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers to build XAPI records. */
final class Records {

    static final long MiB = 1024L * 1024L;
    static final long GiB = 1024L * MiB;
    static final Instant EPOCH = Instant.EPOCH;

    private Records() {}

    /** A struct from alternating keys and values, in order. */
    static Map<String, Object> struct(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Object> refs(List<? extends XObject> l) {
        return l.stream().map(o -> (Object) o.ref).toList();
    }

    static Map<String, Object> copy(Map<String, String> m) {
        return new LinkedHashMap<>(m);
    }
}
