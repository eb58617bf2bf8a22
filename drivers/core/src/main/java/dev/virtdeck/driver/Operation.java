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
    /** {@code show}: a VM's devices, addresses and autostart, and its raw config on request. */
    SHOW("reading");

    private final String progress;

    Operation(String progress) {
        this.progress = progress;
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
