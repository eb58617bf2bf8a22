package dev.virtdeck.driver;

/**
 * What a driver can do for one operation. {@code live}/{@code config} say whether a change can be
 * applied to the running VM and/or to its persistent definition; {@code reason} explains a "no".
 */
public record Capability(Operation operation, boolean supported, boolean live, boolean config, String reason) {

    public static Capability full(Operation op) {
        return new Capability(op, true, true, true, null);
    }

    public static Capability unsupported(Operation op, String reason) {
        return new Capability(op, false, false, false, reason);
    }
}
