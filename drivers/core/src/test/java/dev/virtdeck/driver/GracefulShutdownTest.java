package dev.virtdeck.driver;

import dev.virtdeck.driver.GracefulShutdown.Forced;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.OperationTimeoutException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared wait of virsh, native libvirt and VBoxManage shutdowns, on a clock that sleeps instantly. */
class GracefulShutdownTest {
    private static final long MS = 1_000_000;

    /** Time moves only when the loop sleeps. */
    private static final class FakeClock implements GracefulShutdown.Clock {
        long now = 5_000 * MS;
        final List<Long> sleptMs = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long nanos) {
            sleptMs.add(nanos / MS);
            now += nanos;
        }
    }

    /** A VM that goes off at the given look (1-based), or never with 0; counts looks and power-offs. */
    private static final class Vm {
        final int offAtLook;
        int looks;
        int powerOffs;
        boolean offAfterPowerOff;

        Vm(int offAtLook) {
            this.offAtLook = offAtLook;
        }

        boolean isOff() {
            looks++;
            return (offAtLook > 0 && looks >= offAtLook) || (offAfterPowerOff && powerOffs > 0);
        }

        GracefulShutdown.PowerOff powerOff(Supplier<? extends RuntimeException> failure) {
            return () -> {
                powerOffs++;
                return failure == null ? Forced.done("kill vm1") : Forced.failed("kill vm1", failure);
            };
        }
    }

    private final FakeClock clock = new FakeClock();
    private final GracefulShutdown shutdown = new GracefulShutdown("kvm1",
            LoggerFactory.getLogger(GracefulShutdownTest.class), clock);

    private static ShutdownRequest wait(Duration timeout, boolean force) {
        return new ShutdownRequest(timeout, force, true);
    }

    /** Another client (a second virtdeck, virsh destroy) powered the VM off while we waited. */
    @Test
    void offBecausePoweredOffElsewhereSaysSoNotShutDown() {
        Vm vm = new Vm(3);
        OpResult r = shutdown.await("vm1", wait(Duration.ofSeconds(10), false), "ask vm1", vm::isOff, () -> true,
                vm.powerOff(null));
        assertEquals(new OpResult("shut off meanwhile by a power-off from elsewhere, after 0.5 s", "ask vm1"), r);
        assertEquals(0, vm.powerOffs);

        Vm unsure = new Vm(1);
        OpResult r2 = shutdown.await("vm1", wait(Duration.ofSeconds(10), false), "ask vm1", unsure::isOff, () -> {
            throw new IllegalStateException("cannot read the reason");
        }, unsure.powerOff(null));
        assertEquals(new OpResult("shut down after 0 s", "ask vm1"), r2, "cannot tell: the plain wording");
    }

    @Test
    void offBeforeTheDeadlineIsAGracefulShutdown() {
        Vm vm = new Vm(3);
        OpResult r = shutdown.await("vm1", wait(Duration.ofSeconds(10), true), "ask vm1", vm::isOff, vm.powerOff(null));
        assertEquals(new OpResult("shut down after 0.5 s", "ask vm1"), r);
        assertEquals(List.of(250L, 250L), clock.sleptMs);
        assertEquals(0, vm.powerOffs);
    }

    @Test
    void offAtTheFirstLookWaitsNotAtAll() {
        Vm vm = new Vm(1);
        OpResult r = shutdown.await("vm1", wait(Duration.ofSeconds(10), false), "ask vm1", vm::isOff, vm.powerOff(null));
        assertEquals("shut down after 0 s", r.message());
        assertEquals(List.of(), clock.sleptMs);
    }

    @Test
    void deadlineWithoutForceFailsAfterALastLook() {
        Vm vm = new Vm(0);
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                () -> shutdown.await("vm1", wait(Duration.ofSeconds(1), false), "ask vm1", vm::isOff, vm.powerOff(null)));
        assertEquals("still running after 1 s", e.detail());
        assertEquals("kvm1", e.host());
        assertEquals("vm1", e.vm());
        assertEquals("ask vm1", e.command());
        assertEquals(List.of(250L, 250L, 250L, 250L), clock.sleptMs);
        assertEquals(5, vm.looks, "looked at 0, 0.25, 0.5, 0.75 and 1 s");
        assertEquals(0, vm.powerOffs);
    }

    @Test
    void deadlineWithForcePowersOffAndTheLastSleepEndsAtTheDeadline() {
        Vm vm = new Vm(0);
        OpResult r = shutdown.await("vm1", wait(Duration.ofMillis(600), true), "ask vm1", vm::isOff, vm.powerOff(null));
        assertEquals(new OpResult("forced after 0.6 s", "ask vm1 && kill vm1"), r);
        assertEquals(List.of(250L, 250L, 100L), clock.sleptMs);
        assertEquals(4, vm.looks);
        assertEquals(1, vm.powerOffs);
    }

    @Test
    void aFailedPowerOffOfAVmThatJustWentOffIsAShutdown() {
        Vm vm = new Vm(0);
        vm.offAfterPowerOff = true;
        OpResult r = shutdown.await("vm1", wait(Duration.ofMillis(500), true), "ask vm1", vm::isOff,
                vm.powerOff(() -> new IllegalStateException("not running")));
        assertEquals(new OpResult("shut down (just before the forced power-off)", "ask vm1 && kill vm1"), r);
    }

    @Test
    void aFailedPowerOffOfARunningVmThrowsItsFailure() {
        Vm vm = new Vm(0);
        CommandFailedException failure = new CommandFailedException("kvm1", "vm1", "kill vm1", 1, "", "boom");
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> shutdown.await("vm1", wait(Duration.ofMillis(500), true), "ask vm1", vm::isOff,
                        vm.powerOff(() -> failure)));
        assertSame(failure, e);
        assertEquals(4, vm.looks, "3 while waiting, 1 after the failed power-off");
    }

    @Test
    void noWaitReturnsAtOnce() {
        Vm vm = new Vm(0);
        OpResult r = shutdown.await("vm1", new ShutdownRequest(Duration.ofSeconds(1), true, false), "ask vm1",
                vm::isOff, vm.powerOff(null));
        assertEquals(new OpResult("shutdown requested", "ask vm1"), r);
        assertEquals(0, vm.looks);
        assertEquals(0, vm.powerOffs);
    }

    @Test
    void noTimeoutMeansTheDefault() {
        Vm vm = new Vm(0);
        OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                () -> shutdown.await("vm1", wait(null, false), "ask vm1", vm::isOff, vm.powerOff(null)));
        assertEquals("still running after 60 s", e.detail());
        assertEquals(ShutdownRequest.DEFAULT_TIMEOUT.toMillis(),
                clock.sleptMs.stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void theElapsedTimeIsWrittenLikeEveryOtherDuration() {
        Vm vm = new Vm(5);
        OpResult r = shutdown.await("vm1", wait(Duration.ofSeconds(1), true), "ask vm1", vm::isOff, vm.powerOff(null));
        assertEquals("shut down after 1 s", r.message());
    }

    @Test
    void anInterruptedWaitFailsAndKeepsTheInterrupt() {
        Vm vm = new Vm(0);
        GracefulShutdown interrupted = new GracefulShutdown("kvm1", LoggerFactory.getLogger(GracefulShutdownTest.class),
                nanos -> {
                    throw new InterruptedException();
                });
        try {
            OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                    () -> interrupted.await("vm1", wait(Duration.ofSeconds(1), true), "ask vm1", vm::isOff,
                            vm.powerOff(null)));
            assertEquals("kvm1: vm1: interrupted while waiting for shutoff", e.getMessage());
            assertEquals("ask vm1", e.command());
            assertTrue(Thread.currentThread().isInterrupted());
            assertEquals(0, vm.powerOffs);
        } finally {
            Thread.interrupted();
        }
    }
}
