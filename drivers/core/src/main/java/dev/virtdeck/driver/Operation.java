package dev.virtdeck.driver;

import dev.virtdeck.error.NotSupportedException;

import java.util.Locale;

/** Every operation of the driver SPI, named as the CLI names it. */
public enum Operation {
    LIST, DETAILS, START, SHUTDOWN, POWEROFF, REBOOT, RESET, PAUSE, RESUME, SAVE,
    SET_MEMORY, SET_VCPUS, ATTACH_DISK, CREATE, DELETE, CONSOLE, HOST_INFO;

    /** @return the CLI verb, e.g. {@code set-memory} */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @return the error for a driver that cannot do this operation on {@code vm} of {@code host} */
    public NotSupportedException unsupported(String host, String vm, String reason) {
        return new NotSupportedException(host, vm, cliName(), reason);
    }
}
