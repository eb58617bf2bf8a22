package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A graceful shutdown: ask the guest, then (unless {@code waitForShutoff} is false) wait up to
 * {@code timeout} for it to be off; at the deadline fail or, with {@code force}, power it off.
 *
 * @param timeout null for {@link ShutdownRequest#DEFAULT_TIMEOUT}
 */
public record Shutdown(Duration timeout, boolean force, boolean waitForShutoff) implements VmRequest {

    public Shutdown {
        if (timeout == null) timeout = ShutdownRequest.DEFAULT_TIMEOUT;
        if (timeout.isNegative()) {
            throw new BadRequestException("--timeout must be 0 or more seconds, got " + timeout.toSeconds());
        }
        if (force && !waitForShutoff) throw new BadRequestException("--force needs to wait: drop --no-wait");
    }

    /** @return a shutdown that waits up to {@code timeout} and fails at the deadline */
    public static Shutdown waiting(Duration timeout) {
        return new Shutdown(timeout, false, true);
    }

    @Override
    public Operation operation() {
        return Operation.SHUTDOWN;
    }

    @Override
    public List<String> cliArguments() {
        if (!waitForShutoff) return List.of("--no-wait");
        List<String> out = new ArrayList<>(List.of("--timeout", Long.toString(timeout.toSeconds())));
        if (force) out.add("--force");
        return out;
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        return Refusal.require(this, driver, vm).shutdown(vm, new ShutdownRequest(timeout, force, waitForShutoff));
    }

    @Override
    public Forecast forecast(VmInfo vm) {
        VmState state = Checks.state(vm);
        if (!state.isActive() && state != VmState.UNKNOWN) {
            return Forecast.nothingToDo("already shut off");
        }
        String then = !waitForShutoff ? " without waiting"
                : ", wait up to " + timeout.toSeconds() + " s" + (force ? ", then force it off" : "");
        return Forecast.wouldRun("would ask the guest to shut down" + then);
    }
}
