package dev.virtdeck.fleet;

/**
 * One VM an action applies to.
 *
 * @param host   inventory name of the host
 * @param vm     VM name (for a target on an unreachable host: the VM pattern of the selector)
 * @param driver driver kind that lists the VM, or null when the host could not be listed
 */
public record Target(String host, String vm, String driver) {

    /** @return {@code HOST:VM}, the name used in every result */
    public String label() {
        return host + ":" + vm;
    }
}
