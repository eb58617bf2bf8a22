package dev.virtdeck.driver;

import java.util.Locale;

/** virtdeck's closed, normalized VM state; drivers keep the hypervisor's own word beside it. */
public enum VmState {
    RUNNING,
    PAUSED,
    SHUTOFF,
    /** A graceful shutdown is in progress, or the domain is dying. */
    SHUTTING_DOWN,
    CRASHED,
    /** Saved to disk (libvirt managed save, VirtualBox saved state, a Xen save image in the save directory). */
    SUSPENDED,
    UNKNOWN;

    /** @return the label used on screen and in JSON: lower case, dash separated */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return true for the states in which a domain holds CPU and memory on the host */
    public boolean isActive() {
        return this == RUNNING || this == PAUSED || this == SHUTTING_DOWN;
    }
}
