package dev.virtdeck.contract;

import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a driver module gives {@link DriverContract} (the abstract methods: a driver, its VMs, what
 * to create, where its host differs) and what the cases and fixtures share: putting a VM in a
 * state through the driver, waiting for a guest, and the contract's own assertions.
 */
public abstract class DriverFixture {

    // ---- the fixture -------------------------------------------------------------------------

    /** @return the driver under test, bound to its host; the same instance for every case */
    protected abstract HypervisorDriver driver();

    /**
     * @return a VM that exists, boots, shuts down when asked and answers on its console, with room
     * for a new disk; any state on entry
     */
    protected abstract String vm();

    /**
     * Called right before the forced-shutdown case; {@link #running} starts a VM.
     *
     * @return a running VM that will not shut down when asked (a guest without ACPI handler, a
     * paused Xen guest)
     */
    protected abstract String deafVm();

    /** @return a small VM this host can create and boot, with a disk of {@code diskMiB} (null: none) */
    protected abstract CreateSpec createSpec(String name, Long diskMiB);

    /**
     * @return false when {@link #vm()} has no disk a snapshot could live in (a guest booted from
     *         kernel and initrd alone), so the snapshot case is skipped for this fixture
     */
    protected boolean vmCanSnapshot() {
        return true;
    }

    /** @return the longest a guest may take to boot, shut down or show a live change; waits end as soon as it has */
    protected Duration patience() {
        return Duration.ofSeconds(15);
    }

    /**
     * @return operations {@link #vm()} refuses with {@link NotSupportedException} although the
     * capabilities support them: a limit of that guest, not of the driver (xl: reset of a PV guest)
     */
    protected Set<Operation> refusedForVm() {
        return Set.of();
    }

    /**
     * @return the resize operations whose maximum (their {@code max} flag) this host cannot change,
     * refused with {@link NotSupportedException} (Xen: vCPUs are fixed when the domain is built)
     */
    protected Set<Operation> fixedMaximum() {
        return Set.of();
    }

    /**
     * @return what tells, after a reboot of the running {@code vm}, that it has really happened
     * (given back to {@link #awaitRebooted}); nothing by default
     */
    protected Object rebootMark(String vm) {
        return null;
    }

    /**
     * Waits until a reboot just requested of {@code vm} (marked {@code before} by {@link #rebootMark})
     * has happened and the VM runs again; by default until it is RUNNING. Override where the VM still
     * looks RUNNING for a while after the request and then passes through other states (Xen builds a
     * new domain: gone, then paused, for seconds), or the next case would find it mid-reboot.
     */
    protected void awaitRebooted(String vm, Object before) {
        awaitState(vm, VmState.RUNNING::equals);
    }

    // ---- helpers for cases and fixtures ------------------------------------------------------

    /** Puts {@code vm} in RUNNING (resumed, started or restored) and returns its name. */
    protected final String running(String vm) {
        VmState s = state(vm);
        if (s == VmState.SHUTTING_DOWN) s = awaitState(vm, st -> !st.isActive());
        if (s == VmState.PAUSED) driver().resume(vm);
        else if (!s.isActive()) driver().start(vm);
        awaitState(vm, VmState.RUNNING::equals);
        return vm;
    }

    /** Puts {@code vm} in SHUTOFF (a saved VM is restored first, so no image is left) and returns its name. */
    protected final String off(String vm) {
        if (state(vm) == VmState.SUSPENDED) running(vm);
        if (state(vm).isActive()) driver().poweroff(vm);
        awaitState(vm, VmState.SHUTOFF::equals);
        return vm;
    }

    /** Waits until the running {@code vm}'s guest answers on its console (booted), and returns its name. */
    protected final String awaitGuest(String vm) {
        if (!supports(Operation.CONSOLE)) return vm;
        try (ConsoleStream c = driver().console(vm, true)) {
            if (!ConsoleProbe.answers(c, patience())) fail(vm + ": no shell on the console within " + patience());
        } catch (IOException e) {
            throw new AssertionError(vm + ": console: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return vm;
    }

    /** Deletes {@code vm} with its disks, stopping it first; nothing when it does not exist. */
    protected final void deleteQuietly(String vm) {
        try {
            driver().delete(vm, true, true);
        } catch (VmNotFoundException e) {
            // not there: fine
        }
    }

    /** @return {@code prefix} and eight random hex digits, a name no other run uses */
    protected static String unique(String prefix) {
        return prefix + String.format("%08x", ThreadLocalRandom.current().nextInt());
    }

    protected final VmState state(String vm) {
        return driver().details(vm).state();
    }

    protected final VmState awaitState(String vm, Predicate<VmState> wanted) {
        long deadline = System.nanoTime() + patience().toNanos();
        VmState s = state(vm);
        while (!wanted.test(s) && System.nanoTime() < deadline) {
            pause();
            s = state(vm);
        }
        assertTrue(wanted.test(s), vm + " is " + s + " after " + patience());
        return s;
    }

    final <T> void awaitField(String vm, Function<VmInfo, T> field, T wanted) {
        long deadline = System.nanoTime() + patience().toNanos();
        VmInfo v = driver().details(vm);
        while (!Objects.equals(field.apply(v), wanted) && System.nanoTime() < deadline) {
            pause();
            v = driver().details(vm);
        }
        assertEquals(wanted, field.apply(v), v.toString());
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    final Optional<VmInfo> listed(String vm) {
        return driver().list().stream().filter(v -> v.name().equals(vm)).findFirst();
    }

    final Calls calls() {
        VmInfo v = driver().details(vm());
        return new Calls(driver(), v.memoryMiB(), v.vcpus() != null ? v.vcpus() : 1, createSpec(unique("vdc-new-"), null));
    }

    final boolean supports(Operation op) {
        return driver().capabilities().supports(op);
    }

    final boolean scopeSupported(Operation op, Scope scope) {
        Capability c = driver().capabilities().of(op);
        return c.supported() && (scope == Scope.LIVE ? c.live() : c.config());
    }

    final void assertRefused(Operation op, String reason, Executable call, String vm) {
        NotSupportedException e = assertThrows(NotSupportedException.class, call, op.cliName());
        assertEquals(op.cliName(), e.operation());
        assertEquals(op.cliName() + " is not supported: " + reason, e.detail());
        assertEquals(driver().host(), e.host());
        if (!Calls.HOST_LEVEL.contains(op)) assertEquals(vm, e.vm());
    }

    final void assertNamed(VirtdeckException e, String vm) {
        assertEquals(driver().host(), e.host(), e.getMessage());
        assertEquals(vm, e.vm(), e.getMessage());
        assertTrue(e.getMessage().startsWith(driver().host() + ": " + vm + ": "), e.getMessage());
    }

    static void assertStarts(String words, OpResult r) {
        assertTrue(r.message() != null && r.message().startsWith(words), "'" + words + "...' expected: " + r);
    }

    /** A memory size below the current one and within the maximum, for a change that shows. */
    static long smaller(long current, long max) {
        long target = Math.max(64, Math.min(current, max) - max / 4);
        assumeTrue(target < current, "the VM has too little memory to lower it");
        return target;
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
