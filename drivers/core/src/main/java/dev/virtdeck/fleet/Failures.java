package dev.virtdeck.fleet;

import dev.virtdeck.error.VirtdeckException;

import java.util.Objects;

/** Turns exceptions into the one-line messages of outcomes and host statuses. */
public final class Failures {
    private Failures() {
    }

    /**
     * @return the message without the "host: vm: " prefix when the exception is about exactly this
     *         host and VM (the output names them already), the full message otherwise; a foreign
     *         exception reads "ClassName: message"
     */
    public static String describe(Throwable e, String host, String vm) {
        if (e instanceof VirtdeckException ve) {
            boolean sameHost = ve.host() == null || ve.host().equals(host);
            boolean sameVm = ve.vm() == null || Objects.equals(ve.vm(), vm);
            return sameHost && sameVm ? ve.detail() : ve.getMessage();
        }
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }
}
