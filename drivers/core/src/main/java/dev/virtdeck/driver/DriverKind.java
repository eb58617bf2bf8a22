package dev.virtdeck.driver;

/**
 * One hypervisor kind a driver module opens.
 *
 * @param name       the kind as the inventory spells it ({@code drivers: [name]})
 * @param tool       the command whose presence on a host's PATH reveals the kind, for hosts whose
 *                   inventory names no drivers; null when the kind is never auto-detected
 * @param preference order among kinds found on one host: lower is listed first
 * @param supersedes kinds not to open on a host where this one is detected, although their tools
 *                   are there too (a XenServer dom0 has xl, but its domains belong to XAPI)
 */
public record DriverKind(String name, String tool, int preference, java.util.List<String> supersedes) {
    public DriverKind {
        if (name == null || !name.matches("[a-z][a-z0-9_-]*")) {
            throw new IllegalArgumentException("driver kind must be a lower-case name: " + name);
        }
        supersedes = java.util.List.copyOf(supersedes);
    }

    /** A kind that supersedes no other. */
    public DriverKind(String name, String tool, int preference) {
        this(name, tool, preference, java.util.List.of());
    }
}
