package dev.virtdeck.sim;

/**
 * A simulated VM's power state. Each tool prints it in its own words; VirtualBox words are
 * {@link #vboxWord} (the short, machine-readable form) and {@link #vboxApiName} (the API enum spelling used
 * inside error messages, e.g. "Invalid machine state: PoweredOff").
 */
public enum VmPowerState {
    POWEROFF("poweroff", "PoweredOff"),
    RUNNING("running", "Running"),
    PAUSED("paused", "Paused"),
    SAVED("saved", "Saved"),
    /** The VM process died: VirtualBox "aborted". */
    ABORTED("aborted", "Aborted"),
    /** VirtualBox 7.0+: aborted while a saved state existed. */
    ABORTED_SAVED("aborted-saved", "AbortedSaved"),
    /** VirtualBox guru meditation (MachineState_Stuck). */
    GURU_MEDITATION("gurumeditation", "Stuck");

    private final String vboxWord;
    private final String vboxApiName;

    VmPowerState(String vboxWord, String vboxApiName) {
        this.vboxWord = vboxWord;
        this.vboxApiName = vboxApiName;
    }

    /** The word in {@code VMState="..."}. */
    public String vboxWord() {
        return vboxWord;
    }

    /** The MachineState enum name used in VirtualBox API error texts. */
    public String vboxApiName() {
        return vboxApiName;
    }

    /** Whether a VM process exists (VirtualBox holds a session lock on the machine). */
    public boolean hasProcess() {
        return this == RUNNING || this == PAUSED || this == GURU_MEDITATION;
    }
}
