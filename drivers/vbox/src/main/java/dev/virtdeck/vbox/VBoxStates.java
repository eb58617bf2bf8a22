package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmState;

import java.util.Set;

/**
 * VirtualBox's short state words ({@code VMState=} of {@code showvminfo --machinereadable},
 * reference/vboxmanage/showvminfo-machinereadable-state-lines-reconstructed.txt) mapped to
 * virtdeck's states. The word itself is kept as the VM's native state.
 */
public final class VBoxStates {
    /** States in which a VM process exists and holds the session lock (modifyvm refuses). */
    private static final Set<String> WITH_PROCESS = Set.of("running", "paused", "gurumeditation", "starting",
            "stopping", "saving", "restoring", "teleporting", "teleportingpausedvm", "teleportingin",
            "livesnapshotting", "onlinesnapshotting", "deletingsnapshotlive", "deletingsnapshotlivepaused",
            "faulttolerantsyncing");

    private VBoxStates() {
    }

    /** @return the normalized state; unexpected words are {@link VmState#UNKNOWN} */
    public static VmState normalize(String word) {
        if (word == null) return VmState.UNKNOWN;
        return switch (word) {
            case "running", "livesnapshotting", "onlinesnapshotting", "deletingsnapshotlive" -> VmState.RUNNING;
            case "paused", "teleportingpausedvm", "deletingsnapshotlivepaused" -> VmState.PAUSED;
            case "poweroff", "teleported" -> VmState.SHUTOFF;
            case "saved" -> VmState.SUSPENDED;
            // aborted-saved (7.0+): the process died while a saved state existed; still a crash.
            case "aborted", "aborted-saved", "gurumeditation" -> VmState.CRASHED;
            case "stopping", "saving" -> VmState.SHUTTING_DOWN;
            default -> VmState.UNKNOWN; // starting, restoring, teleporting, snapshotting, settingup, ...
        };
    }

    /** @return true when VirtualBox runs a process for the VM (controlvm works, modifyvm does not) */
    public static boolean hasProcess(String word) {
        return word != null && WITH_PROCESS.contains(word);
    }
}
