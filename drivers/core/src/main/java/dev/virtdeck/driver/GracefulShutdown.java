package dev.virtdeck.driver;

import dev.virtdeck.error.OperationTimeoutException;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

import static dev.virtdeck.error.Durations.seconds;

/**
 * The wait that follows a graceful shutdown request, for drivers whose request returns at once
 * (virsh, native libvirt, VBoxManage): poll every {@link #POLL} until the VM is off or the
 * request's timeout has passed, then fail with {@link OperationTimeoutException} or, with
 * {@link ShutdownRequest#force()}, power it off.
 *
 * <p>Messages: "shutdown requested" (no wait), "shut down after N s", "shut off meanwhile by a
 * power-off from elsewhere, after N s" (see {@link PoweredOffElsewhere}), "forced after N s" (still
 * running at the deadline, N being the request's timeout, so powered off), "shut down (just before
 * the forced power-off)" when the power-off fails because the VM has just gone off by itself.
 * The result's command is the request's, then the power-off's, joined by " &amp;&amp; ".
 */
public final class GracefulShutdown {
    /** How often the VM's state is looked at while waiting. */
    public static final Duration POLL = Duration.ofMillis(250);

    /** @return true when the VM is off (inactive, or gone: a transient VM vanishes when it stops) */
    @FunctionalInterface
    public interface OffProbe {
        boolean isOff();
    }

    /**
     * Asked once the VM is seen off: was it powered off (by another client: a second virtdeck,
     * virsh destroy) rather than shut down by its guest? Then the wait did not shut it down, and
     * the result says so. A failure to tell counts as no.
     */
    @FunctionalInterface
    public interface PoweredOffElsewhere {
        boolean check();

        PoweredOffElsewhere NEVER = () -> false;
    }

    /** Runs the hard power-off. */
    @FunctionalInterface
    public interface PowerOff {
        Forced run();
    }

    /**
     * How a hard power-off went.
     *
     * @param command its command line or API call
     * @param failure null when it worked; else what to throw unless the VM turns out to be off
     */
    public record Forced(String command, Supplier<? extends RuntimeException> failure) {
        public static Forced done(String command) {
            return new Forced(command, null);
        }

        public static Forced failed(String command, Supplier<? extends RuntimeException> failure) {
            return new Forced(command, Objects.requireNonNull(failure));
        }
    }

    /** Sleeping and time, replaceable in tests. */
    @FunctionalInterface
    public interface Clock {
        Clock SYSTEM = nanos -> Thread.sleep(Duration.ofNanos(nanos).toMillis());

        void sleep(long nanos) throws InterruptedException;

        default long nanoTime() {
            return System.nanoTime();
        }
    }

    private final String host;
    private final Logger log;
    private final Clock clock;

    /**
     * @param host inventory name of the host, for exceptions and the log
     * @param log  where a forced power-off is logged (the driver's logger)
     */
    public GracefulShutdown(String host, Logger log) {
        this(host, log, Clock.SYSTEM);
    }

    /**
     * @param clock the time source; an {@link InterruptedException} from its sleep ends the wait with an
     *              {@link OperationTimeoutException}
     */
    public GracefulShutdown(String host, Logger log, Clock clock) {
        this.host = host;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Waits after the shutdown request was sent.
     *
     * @param command  the request's command line or API call
     * @param off      polled until it answers true or the deadline has passed (once more after a
     *                 failed power-off)
     * @param powerOff run at the deadline when the request says force
     */
    public OpResult await(String vm, ShutdownRequest request, String command, OffProbe off, PowerOff powerOff) {
        return await(vm, request, command, off, PoweredOffElsewhere.NEVER, powerOff);
    }

    /**
     * {@link #await(String, ShutdownRequest, String, OffProbe, PowerOff)} for drivers that can
     * tell how a VM went off: one powered off elsewhere during the wait ends it with "shut off
     * meanwhile by a power-off from elsewhere, after N s" instead of "shut down after N s".
     */
    public OpResult await(String vm, ShutdownRequest request, String command, OffProbe off,
                          PoweredOffElsewhere elsewhere, PowerOff powerOff) {
        if (!request.waitForShutoff()) return new OpResult("shutdown requested", command);
        Duration timeout = request.timeout() == null ? ShutdownRequest.DEFAULT_TIMEOUT : request.timeout();
        long start = clock.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            if (off.isOff()) {
                String after = seconds(Duration.ofNanos(clock.nanoTime() - start));
                if (poweredOffElsewhere(elsewhere)) {
                    return new OpResult("shut off meanwhile by a power-off from elsewhere, after " + after, command);
                }
                return new OpResult("shut down after " + after, command);
            }
            if (clock.nanoTime() >= deadline) break;
            sleep(Math.min(POLL.toNanos(), Math.max(0, deadline - clock.nanoTime())), vm, command);
        }
        String still = "still running after " + seconds(timeout);
        if (!request.force()) throw new OperationTimeoutException(host, vm, command, still);
        Forced f = powerOff.run();
        String cmds = command + " && " + f.command();
        if (f.failure() != null) {
            if (off.isOff()) return new OpResult("shut down (just before the forced power-off)", cmds);
            throw f.failure().get();
        }
        log.info("{}: {}: forced off after {}", host, vm, seconds(timeout));
        return new OpResult("forced after " + seconds(timeout), cmds);
    }

    private boolean poweredOffElsewhere(PoweredOffElsewhere elsewhere) {
        try {
            return elsewhere.check();
        } catch (RuntimeException e) {
            log.debug("{}: could not tell how the VM went off: {}", host, e.toString());
            return false;
        }
    }

    private void sleep(long nanos, String vm, String command) {
        try {
            clock.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationTimeoutException(host, vm, command, "interrupted while waiting for shutoff");
        }
    }
}
