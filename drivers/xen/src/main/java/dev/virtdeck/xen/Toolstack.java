package dev.virtdeck.xen;

import java.util.Locale;

/**
 * Which Xen command-line tool a host has: {@code xl} (Xen 4.1 and later; the only one since 4.5)
 * or the legacy {@code xm} (xend, Xen 4.4 and older). Both take the same verbs for what virtdeck
 * does; they differ in output formats and in what they can do.
 */
public enum Toolstack {
    /** {@code xl}: JSON details ({@code xl list -l}), memory sizes with a unit suffix. */
    XL("xl"),
    /** {@code xm}: no JSON (its {@code list -l} prints S-expressions), memory sizes in MiB. */
    XM("xm");

    private final String command;

    Toolstack(String command) {
        this.command = command;
    }

    /** @return the program name, which is also the driver kind */
    public String command() {
        return command;
    }

    /** @return the toolstack for a driver kind ("xl" or "xm") */
    public static Toolstack forKind(String kind) {
        return switch (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) {
            case "xl" -> XL;
            case "xm" -> XM;
            default -> throw new IllegalArgumentException("not a Xen driver kind: " + kind);
        };
    }

    /** @return the memory argument of mem-set/mem-max: xl defaults to KiB (so say "m"), xm takes MiB */
    String memoryArg(long mib) {
        return this == XL ? mib + "m" : Long.toString(mib);
    }
}
