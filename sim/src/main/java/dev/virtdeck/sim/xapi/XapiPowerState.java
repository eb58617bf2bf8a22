package dev.virtdeck.sim.xapi;

import java.util.Locale;

/** {@code vm_power_state}: the four states XAPI reports, spelled as on the wire. */
public enum XapiPowerState {
    HALTED("Halted"),
    PAUSED("Paused"),
    RUNNING("Running"),
    SUSPENDED("Suspended");

    private final String wire;

    XapiPowerState(String wire) {
        this.wire = wire;
    }

    /** The record value, e.g. "Running". */
    public String wire() {
        return wire;
    }

    /** The spelling inside VM_BAD_POWER_STATE, e.g. "running". */
    public String lower() {
        return wire.toLowerCase(Locale.ROOT);
    }

    /** Whether a Xen domain exists (it has a domid and a resident host). */
    public boolean hasDomain() {
        return this == RUNNING || this == PAUSED;
    }
}
