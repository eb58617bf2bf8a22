package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmState;

import java.util.List;

/**
 * libvirt's numeric domain states and reasons ({@code virDomainState}, {@code virDomain*Reason}),
 * normalized to {@link VmState} and spelled the way {@code virsh domstate --reason} spells them,
 * so the native and the virsh transports report the same words.
 *
 * <p>Decisions: a shut-off domain WITH a managed-save image is {@link VmState#SUSPENDED} (the next
 * start restores it); "shut off (saved)" without a managed-save image (a {@code virsh save} to a
 * user file) stays SHUTOFF, because start would boot it fresh. {@code pmsuspended} (the guest put
 * itself to sleep, S3) maps to {@link VmState#PAUSED}: it still holds host memory and is active,
 * but it is woken by {@code dompmwakeup}, not {@code resume}. {@code idle} (blocked) is RUNNING.
 */
public final class DomainStates {
    public static final int NOSTATE = 0;
    public static final int RUNNING = 1;
    public static final int BLOCKED = 2;
    public static final int PAUSED = 3;
    public static final int SHUTDOWN = 4;
    public static final int SHUTOFF = 5;
    public static final int CRASHED = 6;
    public static final int PMSUSPENDED = 7;

    private static final List<String> WORDS = List.of(
            "no state", "running", "idle", "paused", "in shutdown", "shut off", "crashed", "pmsuspended");

    // Same order as libvirt's enums (virsh-domain-monitor.c).
    private static final List<List<String>> REASONS = List.of(
            List.of("unknown"),
            List.of("unknown", "booted", "migrated", "restored", "from snapshot", "unpaused",
                    "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy",
                    "post-copy failed"),
            List.of("unknown"),
            List.of("unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog",
                    "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up",
                    "post-copy", "post-copy failed"),
            List.of("unknown", "user"),
            List.of("unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
                    "from snapshot", "daemon"),
            List.of("unknown", "panicked"),
            List.of("unknown"));

    private DomainStates() {
    }

    /**
     * @param managedSave the domain has a managed-save image
     * @return the normalized state
     */
    public static VmState normalize(int state, boolean managedSave) {
        return switch (state) {
            case RUNNING, BLOCKED -> VmState.RUNNING;
            case PAUSED, PMSUSPENDED -> VmState.PAUSED;
            case SHUTDOWN -> VmState.SHUTTING_DOWN;
            case SHUTOFF -> managedSave ? VmState.SUSPENDED : VmState.SHUTOFF;
            case CRASHED -> VmState.CRASHED;
            default -> VmState.UNKNOWN;
        };
    }

    /** @return virsh's word for the state: "running", "shut off", "in shutdown", ... */
    public static String word(int state) {
        return state >= 0 && state < WORDS.size() ? WORDS.get(state) : "unknown state " + state;
    }

    /** @return the numeric state for virsh's word ("shut off" → 5), or {@link #NOSTATE} when unknown */
    public static int fromWord(String word) {
        int i = WORDS.indexOf(word == null ? "" : word.strip());
        return i < 0 ? NOSTATE : i;
    }

    /** @return virsh's word for the reason, e.g. "destroyed"; "unknown" when out of range */
    public static String reason(int state, int reason) {
        if (state < 0 || state >= REASONS.size()) return "unknown";
        List<String> r = REASONS.get(state);
        return reason >= 0 && reason < r.size() ? r.get(reason) : "unknown";
    }

    /**
     * @return the hypervisor's own description as {@code virsh domstate --reason} prints it,
     *         e.g. "shut off (destroyed)"; the reason is left out when libvirt does not know it
     */
    public static String nativeState(int state, int reason) {
        String why = reason(state, reason);
        return "unknown".equals(why) ? word(state) : word(state) + " (" + why + ")";
    }
}
