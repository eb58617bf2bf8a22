package dev.virtdeck.driver;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A driver's capabilities as data, so a UI can plan ahead and a call can fail with the reason. */
public record Capabilities(Map<Operation, Capability> byOperation) {

    public Capabilities {
        byOperation = Collections.unmodifiableMap(new EnumMap<>(byOperation));
    }

    /** @return the capability for {@code op}; an operation not declared is unsupported */
    public Capability of(Operation op) {
        Capability c = byOperation.get(op);
        return c != null ? c : Capability.unsupported(op, "not implemented by this driver");
    }

    public boolean supports(Operation op) {
        return of(op).supported();
    }

    /**
     * Starts from "everything supported, live and config" and lets a driver carve out exceptions.
     * Opt-in operations ({@link Operation#optIn()}) are left out: a driver declares them itself.
     */
    public static Builder allSupported() {
        Builder b = new Builder();
        for (Operation op : Operation.values()) {
            if (!op.optIn()) b.map.put(op, Capability.full(op));
        }
        return b;
    }

    public static final class Builder {
        private final Map<Operation, Capability> map = new EnumMap<>(Operation.class);

        public Builder with(Capability c) {
            map.put(c.operation(), c);
            return this;
        }

        public Capabilities build() {
            return new Capabilities(map);
        }
    }
}
