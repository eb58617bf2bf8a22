package dev.virtdeck.xen;

import dev.virtdeck.driver.VmState;

/**
 * The six state flags of {@code xl list} / {@code xm list} ({@code rbpscd}), normalized. The flags
 * themselves are kept as the native state.
 *
 * <p>Columns: 1 {@code r} running on a pCPU, 2 {@code b} blocked (idle), 3 {@code p} paused,
 * 4 {@code s} shut down, 5 the shutdown reason letter ({@code c} crash, {@code r} reboot,
 * {@code s} suspend, {@code w} watchdog, ...; older tools print {@code c} here for "crashed"),
 * 6 {@code d} dying. Decisions: dying, and shut down for any reason but a crash, are
 * {@link VmState#SHUTTING_DOWN} (the domain still holds memory and is about to go); a crash reason
 * is {@link VmState#CRASHED}; {@code ------} (runnable, waiting for a pCPU) is running.
 */
public final class XenStates {
    private XenStates() {
    }

    /** @return the normalized state; {@link VmState#UNKNOWN} when the text is not six flags */
    public static VmState normalize(String flags) {
        if (flags == null || flags.length() != 6) return VmState.UNKNOWN;
        if (flags.charAt(5) == 'd') return VmState.SHUTTING_DOWN;
        if (flags.charAt(4) == 'c') return VmState.CRASHED;
        if (flags.charAt(3) == 's') return VmState.SHUTTING_DOWN;
        if (flags.charAt(2) == 'p') return VmState.PAUSED;
        char r = flags.charAt(0);
        char b = flags.charAt(1);
        if ((r == 'r' || r == '-') && (b == 'b' || b == '-') && flags.substring(2).equals("----")) {
            return VmState.RUNNING;
        }
        return VmState.UNKNOWN;
    }
}
