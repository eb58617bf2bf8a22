package dev.virtdeck.driver;

import dev.virtdeck.error.NotSupportedException;

import java.util.Locale;

/**
 * Every operation of the driver SPI, named as the CLI names it, with the word a front end shows
 * while it runs.
 */
public enum Operation {
    LIST("listing"), DETAILS("reading"), START("starting"), SHUTDOWN("shutting down"), POWEROFF("forcing off"),
    REBOOT("rebooting"), RESET("resetting"), PAUSE("pausing"), RESUME("resuming"), SAVE("saving"),
    SET_MEMORY("resizing"), SET_VCPUS("resizing"), ATTACH_DISK("attaching"), CREATE("creating"),
    DELETE("deleting"), CONSOLE("attaching"), HOST_INFO("reading"),
    /** Snapshots of a VM: list, create, revert, delete (one capability: a hypervisor has them or not). */
    SNAPSHOT("snapshotting"), AUTOSTART("setting autostart", true), CLONE("cloning", true),
    /** {@code show}: a VM's devices, addresses and autostart, and its raw config on request. */
    SHOW("reading");

    private final String progress;
    private final boolean optIn;

    Operation(String progress) {
        this(progress, false);
    }

    Operation(String progress, boolean optIn) {
        this.progress = progress;
        this.optIn = optIn;
    }

    /**
     * @return true for an operation added after the drivers were written: {@link
     *         Capabilities#allSupported()} leaves it out, so a driver supports it only by saying so
     */
    public boolean optIn() {
        return optIn;
    }

    /** @return the word shown while the operation runs, e.g. "starting" */
    public String progress() {
        return progress;
    }

    /** @return the CLI verb, e.g. {@code set-memory} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the error for a driver that cannot do this operation on {@code vm} of {@code host} */
    public NotSupportedException unsupported(String host, String vm, String reason) {
        return new NotSupportedException(host, vm, cliName(), reason);
    }
}
