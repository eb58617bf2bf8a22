package dev.virtdeck.contract;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VmNotFoundException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The driver SPI's contract, written once: every operation of {@link HypervisorDriver} with its
 * success case, its "already in that state" case, its errors (unknown VM, wrong state) and, for
 * what {@link HypervisorDriver#capabilities()} declares unsupported, its refusal with the declared
 * reason. A driver module runs it by subclassing it with a small {@link DriverFixture} per host:
 * the driver, a VM, a VM that ignores a shutdown request, and what to create.
 *
 * <p>Each case first puts the VM in the state it needs, through the driver, and undoes what it
 * changed in the VM's config (a live change lasts until the VM stops: undoing it would need the
 * guest's help, a vCPU unplug), so the cases hold in any order. The order given keeps a real
 * guest's boots few: the fixture's one VM is reused by every case. Messages are checked by their
 * leading words, the part every driver shares ("already running", "shut down after 3 s").
 *
 * <p>A fixture overrides a case only to skip a known deviation of its driver, saying which (an
 * assumption, so the report shows it skipped with the reason).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class DriverContract extends DriverFixture {

    // ---- capabilities, reading, unknown VMs -------------------------------------------------

    @Test
    @Order(1)
    protected void capabilitiesDeclareEveryOperationAndGiveEachRefusalItsReason() {
        Capabilities caps = driver().capabilities();
        assertFalse(blank(driver().kind()), "kind");
        assertFalse(blank(driver().host()), "host");
        for (Operation op : Operation.values()) {
            Capability c = caps.of(op);
            assertEquals(op, c.operation());
            if (!c.supported()) assertFalse(blank(c.reason()), op + " is refused without a reason");
            if (c.supported() && Calls.SCOPED.contains(op)) assertTrue(c.live() || c.config(), op + " has no scope");
        }
    }

    @Test
    @Order(2)
    protected void listShowsTheVmAsDetailsDoes() {
        VmInfo listed = listed(vm()).orElseThrow(() -> new AssertionError(vm() + " not listed"));
        VmInfo details = driver().details(vm());
        assertEquals(driver().host(), listed.host());
        assertEquals(driver().kind(), listed.driver());
        assertNotNull(listed.state());
        assertFalse(blank(listed.nativeState()), "the hypervisor's own state word");
        List<Function<VmInfo, Object>> fields = List.of(VmInfo::host, VmInfo::driver, VmInfo::name, VmInfo::uuid,
                VmInfo::state, VmInfo::maxMemoryMiB, VmInfo::maxVcpus, VmInfo::persistent);
        for (Function<VmInfo, Object> f : fields) assertEquals(f.apply(listed), f.apply(details), details.toString());
    }

    @Test
    @Order(3)
    protected void everyOperationOnAnUnknownVmIsNotFoundNamingHostAndVm() {
        String ghost = unique("vdc-missing-");
        Calls calls = calls();
        List<Executable> checks = new ArrayList<>();
        for (Operation op : Operation.values()) {
            if (Calls.HOST_LEVEL.contains(op) || !supports(op)) continue;
            checks.add(() -> assertNamed(assertThrows(VmNotFoundException.class,
                    calls.of(op, ghost, Scope.current()), op.cliName()), ghost));
        }
        assertAll(checks);
    }

    // ---- lifecycle ---------------------------------------------------------------------------

    @Test
    @Order(10)
    protected void startRunsAnOffVmThenSaysItIsAlreadyRunning() {
        String vm = off(vm());
        OpResult r = driver().start(vm);
        assertStarts("started", r);
        assertFalse(blank(r.command()), "the command that started it");
        awaitState(vm, VmState.RUNNING::equals);
        assertStarts("already running", driver().start(vm));
    }

    @Test
    @Order(11)
    protected void pauseAndResumeWithTheirAlreadyCases() {
        String vm = running(vm());
        assertStarts("paused", driver().pause(vm));
        assertEquals(VmState.PAUSED, state(vm));
        assertStarts("already paused", driver().pause(vm));
        assertStarts("resumed", driver().resume(vm));
        awaitState(vm, VmState.RUNNING::equals);
        assertStarts("already running", driver().resume(vm));
    }

    @Test
    @Order(12)
    protected void rebootIsRequestedAndTheVmRunsOn() {
        assumeTrue(supports(Operation.REBOOT), "reboot is not supported");
        String vm = running(vm());
        Object before = rebootMark(vm);
        OpResult r = driver().reboot(vm);
        assertStarts("reboot", r);
        assertFalse(blank(r.command()));
        awaitRebooted(vm, before);
    }

    @Test
    @Order(13)
    protected void resetRestartsTheVmAtOnce() {
        assumeTrue(supports(Operation.RESET) && !refusedForVm().contains(Operation.RESET), "no reset for this VM");
        String vm = running(vm());
        OpResult r = driver().reset(vm);
        assertStarts("reset", r);
        assertFalse(blank(r.command()));
        awaitState(vm, VmState.RUNNING::equals);
    }

    @Test
    @Order(14)
    protected void whatTheCapabilitiesDeclareUnsupportedIsRefusedWithTheirReason() {
        String vm = running(vm());
        Capabilities caps = driver().capabilities();
        Calls calls = calls();
        List<Executable> checks = new ArrayList<>();
        for (Operation op : Operation.values()) {
            Capability c = caps.of(op);
            if (!c.supported()) {
                checks.add(() -> assertRefused(op, c.reason(), calls.of(op, vm, Scope.current()), vm));
            } else if (Calls.SCOPED.contains(op)) {
                if (!c.live()) checks.add(() -> assertRefused(op, c.reason(), calls.of(op, vm, EnumSet.of(Scope.LIVE)), vm));
                if (!c.config()) checks.add(() -> assertRefused(op, c.reason(), calls.of(op, vm, EnumSet.of(Scope.CONFIG)), vm));
            }
        }
        assumeFalse(checks.isEmpty(), "the capabilities declare every operation and scope supported");
        assertAll(checks);
        assertEquals(VmState.RUNNING, state(vm), "a refusal changes nothing");
    }

    @Test
    @Order(15)
    protected void refusalsOfThisVmAndOfFixedMaximaNameTheOperation() {
        assumeFalse(refusedForVm().isEmpty() && fixedMaximum().isEmpty(), "the fixture declares no such refusal");
        String vm = running(vm());
        VmInfo now = driver().details(vm);
        Calls calls = calls();
        List<Executable> checks = new ArrayList<>();
        for (Operation op : refusedForVm()) {
            String reason = driver().capabilities().of(op).reason();
            checks.add(() -> {
                NotSupportedException e = assertThrows(NotSupportedException.class, calls.of(op, vm, Scope.current()));
                assertEquals(op.cliName(), e.operation());
                assertNamed(e, vm);
                if (reason != null) assertTrue(e.getMessage().contains(reason), "the declared reason in: " + e.getMessage());
            });
        }
        for (Operation op : fixedMaximum()) {
            Executable max = op == Operation.SET_MEMORY
                    ? () -> driver().setMemory(vm, now.maxMemoryMiB(), Scope.current(), true)
                    : () -> driver().setVcpus(vm, now.maxVcpus(), Scope.current(), true);
            checks.add(() -> {
                NotSupportedException e = assertThrows(NotSupportedException.class, max, op + " --max");
                assertEquals(op.cliName(), e.operation());
                assertNamed(e, vm);
            });
        }
        assertAll(checks);
    }

    // ---- resources of a running VM -----------------------------------------------------------

    @Test
    @Order(20)
    protected void memoryChangesLiveWithinTheMaximumAndIsRefusedBeyondIt() {
        assumeTrue(scopeSupported(Operation.SET_MEMORY, Scope.LIVE), "no live memory change");
        String vm = awaitGuest(running(vm()));
        VmInfo before = driver().details(vm);
        long target = smaller(before.memoryMiB(), before.maxMemoryMiB());
        OpResult r = driver().setMemory(vm, target, Scope.current(), false);
        assertFalse(blank(r.message()) || blank(r.command()), r.toString());
        awaitField(vm, VmInfo::memoryMiB, target);
        assertNamed(assertThrows(InvalidRequestException.class,
                () -> driver().setMemory(vm, before.maxMemoryMiB() + 256, Scope.current(), false)), vm);
        assertEquals(target, driver().details(vm).memoryMiB(), "unchanged by the refused request");
    }

    @Test
    @Order(21)
    protected void vcpusChangeLiveWithinTheMaximumAndAreRefusedBeyondIt() {
        assumeTrue(scopeSupported(Operation.SET_VCPUS, Scope.LIVE), "no live vCPU change");
        String vm = awaitGuest(running(vm()));
        VmInfo before = driver().details(vm);
        int max = before.maxVcpus();
        assumeTrue(max > 1, "the VM's maximum is one vCPU");
        int target = Objects.equals(before.vcpus(), max) ? max - 1 : max;
        OpResult r = driver().setVcpus(vm, target, Scope.current(), false);
        assertFalse(blank(r.message()) || blank(r.command()), r.toString());
        if (before.vcpus() != null) awaitField(vm, VmInfo::vcpus, target);
        assertNamed(assertThrows(InvalidRequestException.class,
                () -> driver().setVcpus(vm, max + 1, Scope.current(), false)), vm);
    }

    @Test
    @Order(22)
    protected void attachDiskAddsANewDiskToARunningVm() {
        assumeTrue(scopeSupported(Operation.ATTACH_DISK, Scope.LIVE), "no live disk attach");
        String vm = awaitGuest(running(vm()));
        OpResult r = driver().attachDisk(vm, 8, Scope.current());
        assertTrue(r.message().contains("8 MiB"), r.message());
        assertFalse(blank(r.command()));
        assertEquals(VmState.RUNNING, state(vm));
    }

    @Test
    @Order(23)
    protected void consoleReachesTheGuestAndClosingItLeavesTheVmRunning() throws Exception {
        assumeTrue(supports(Operation.CONSOLE), "no console");
        String vm = running(vm());
        try (ConsoleStream c = driver().console(vm, false)) {
            assertFalse(blank(c.command()), "the console's command");
            assertTrue(ConsoleProbe.answers(c, patience()), "the guest's shell answered on the console");
        }
        assertEquals(VmState.RUNNING, state(vm));
    }

    @Test
    @Order(24)
    protected void snapshotsAreTakenListedRevertedAndDeleted() {
        assumeTrue(supports(Operation.SNAPSHOT), "no snapshots");
        assumeTrue(vmCanSnapshot(), "this fixture's VM has no disk to hold a snapshot");
        String vm = running(vm());
        String a = unique("vdc-snap-a-");
        String b = unique("vdc-snap-b-");
        try {
            OpResult took = driver().createSnapshot(vm, a, "contract: running");
            assertTrue(took.message().contains(a), took.message());
            assertFalse(blank(took.command()), "the command that took it");
            assertNamed(assertThrows(InvalidRequestException.class, () -> driver().createSnapshot(vm, a, null)), vm);
            off(vm);
            driver().createSnapshot(vm, b, null);
            List<VmSnapshot> all = driver().snapshots(vm);
            VmSnapshot sa = all.stream().filter(s -> s.name().equals(a)).findFirst().orElseThrow(() -> new AssertionError(all.toString()));
            VmSnapshot sb = all.stream().filter(s -> s.name().equals(b)).findFirst().orElseThrow(() -> new AssertionError(all.toString()));
            assertEquals("contract: running", sa.description());
            // what a hypervisor does not tell stays unknown (VirtualBox's listing has no time nor state)
            if (sa.vmState() != VmState.UNKNOWN) assertEquals(VmState.RUNNING, sa.vmState(), sa.toString());
            if (sb.vmState() != VmState.UNKNOWN) assertEquals(VmState.SHUTOFF, sb.vmState(), sb.toString());
            assertTrue(sb.current() && !sa.current(), "the newest is current: " + all);
            if (sa.created() != null && sb.created() != null) assertFalse(sb.created().isBefore(sa.created()), all.toString());
            if (sb.parent() != null) assertEquals(a, sb.parent());
            assertStarts("reverted", driver().revertSnapshot(vm, a));
            // a snapshot of the running VM brings it back running (libvirt: its memory; VirtualBox: its saved state)
            if (!Boolean.FALSE.equals(sa.memory())) awaitState(vm, VmState.RUNNING::equals);
            assertTrue(driver().snapshots(vm).stream().anyMatch(s -> s.name().equals(a) && s.current()), "a is current");
            assertStarts("deleted", driver().deleteSnapshot(vm, b));
            assertFalse(driver().snapshots(vm).stream().anyMatch(s -> s.name().equals(b)), b + " is gone");
            String ghost = unique("vdc-snap-none-");
            for (Executable e : List.<Executable>of(() -> driver().revertSnapshot(vm, ghost),
                    () -> driver().deleteSnapshot(vm, ghost))) {
                InvalidRequestException x = assertThrows(InvalidRequestException.class, e);
                assertNamed(x, vm);
                assertTrue(x.getMessage().contains(ghost), "names the snapshot: " + x.getMessage());
            }
        } finally {
            for (String s : List.of(b, a)) {
                try {
                    driver().deleteSnapshot(vm, s);
                } catch (InvalidRequestException gone) {
                    // deleted by the case already
                }
            }
        }
        assertTrue(driver().snapshots(vm).stream().noneMatch(s -> s.name().equals(a)), "cleaned up");
    }

    // ---- save, shutdown, power-off -----------------------------------------------------------

    @Test
    @Order(30)
    protected void saveSuspendsToDiskThenSaysAlreadySavedAndStartRestores() {
        assumeTrue(supports(Operation.SAVE), "save is not supported");
        String vm = running(vm());
        OpResult r = driver().save(vm);
        assertFalse(blank(r.message()) || blank(r.command()), r.toString());
        assertEquals(VmState.SUSPENDED, state(vm));
        assertStarts("already saved", driver().save(vm));
        OpResult restored = driver().start(vm);
        assertFalse(blank(restored.message()) || blank(restored.command()), restored.toString());
        awaitState(vm, VmState.RUNNING::equals);
    }

    @Test
    @Order(40)
    protected void gracefulShutdownWaitsUntilTheVmIsOffThenSaysAlreadyShutOff() {
        String vm = awaitGuest(running(vm()));
        OpResult r = driver().shutdown(vm, new ShutdownRequest(patience(), false, true));
        assertStarts("shut down after", r);
        assertEquals(VmState.SHUTOFF, state(vm));
        assertStarts("already shut off", driver().shutdown(vm, new ShutdownRequest(Duration.ofSeconds(1), true, true)));
    }

    @Test
    @Order(41)
    protected void actionsNeedingARunningVmRefuseAnOffOne() {
        String vm = off(vm());
        Calls calls = calls();
        List<Executable> checks = new ArrayList<>();
        for (Operation op : EnumSet.of(Operation.REBOOT, Operation.RESET, Operation.PAUSE, Operation.RESUME,
                Operation.SAVE, Operation.CONSOLE)) {
            if (!supports(op) || refusedForVm().contains(op)) continue;
            checks.add(() -> assertNamed(assertThrows(InvalidRequestException.class,
                    calls.of(op, vm, Scope.current()), op.cliName()), vm));
        }
        for (Operation op : Calls.SCOPED) {
            if (!scopeSupported(op, Scope.LIVE)) continue;
            checks.add(() -> assertNamed(assertThrows(InvalidRequestException.class,
                    calls.of(op, vm, EnumSet.of(Scope.LIVE)), op.cliName() + " --live"), vm));
        }
        assertAll(checks);
        assertEquals(VmState.SHUTOFF, state(vm), "nothing started it");
    }

    @Test
    @Order(42)
    protected void memoryAndVcpusOfAnOffVmChangeInItsConfig() {
        boolean memory = scopeSupported(Operation.SET_MEMORY, Scope.CONFIG);
        boolean vcpus = scopeSupported(Operation.SET_VCPUS, Scope.CONFIG);
        assumeTrue(memory || vcpus, "no config changes");
        String vm = off(vm());
        VmInfo before = driver().details(vm);
        if (memory) {
            long target = smaller(before.memoryMiB(), before.maxMemoryMiB());
            assertFalse(blank(driver().setMemory(vm, target, Scope.current(), false).message()));
            assertEquals(target, driver().details(vm).memoryMiB());
            driver().setMemory(vm, before.memoryMiB(), Scope.current(), false);
            assertEquals(before.memoryMiB(), driver().details(vm).memoryMiB());
        }
        if (vcpus && before.vcpus() != null) {
            int target = before.vcpus() == 1 ? 2 : 1;
            assertFalse(blank(driver().setVcpus(vm, target, Scope.current(), false).message()));
            assertEquals(target, driver().details(vm).vcpus());
            driver().setVcpus(vm, before.vcpus(), Scope.current(), false);
            assertEquals(before.vcpus(), driver().details(vm).vcpus());
        }
        assertEquals(VmState.SHUTOFF, state(vm));
    }

    @Test
    @Order(43)
    protected void attachDiskToAnOffVmGoesToItsConfig() {
        assumeTrue(scopeSupported(Operation.ATTACH_DISK, Scope.CONFIG), "no disk attach to the config");
        String vm = off(vm());
        OpResult r = driver().attachDisk(vm, 8, Scope.current());
        assertTrue(r.message().contains("8 MiB"), r.message());
        assertEquals(VmState.SHUTOFF, state(vm));
    }

    @Test
    @Order(44)
    protected void maximaChangeInTheScopeTheCapabilitiesOffer() {
        List<Operation> ops = new ArrayList<>();
        for (Operation op : List.of(Operation.SET_MEMORY, Operation.SET_VCPUS)) {
            if (supports(op) && !fixedMaximum().contains(op)) ops.add(op);
        }
        assumeFalse(ops.isEmpty(), "no changeable maximum");
        for (Operation op : ops) {
            // the maximum is a config value where the config can change, else the running domain's
            String vm = scopeSupported(op, Scope.CONFIG) ? off(vm()) : running(vm());
            VmInfo before = driver().details(vm);
            if (op == Operation.SET_MEMORY) {
                long max = before.maxMemoryMiB();
                assertFalse(blank(driver().setMemory(vm, max + 64, Scope.current(), true).message()));
                awaitField(vm, VmInfo::maxMemoryMiB, max + 64);
                driver().setMemory(vm, max, Scope.current(), true);
                awaitField(vm, VmInfo::maxMemoryMiB, max);
            } else {
                int max = before.maxVcpus();
                assertFalse(blank(driver().setVcpus(vm, max + 1, Scope.current(), true).message()));
                awaitField(vm, VmInfo::maxVcpus, max + 1);
                driver().setVcpus(vm, max, Scope.current(), true);
                awaitField(vm, VmInfo::maxVcpus, max);
            }
        }
    }

    @Test
    @Order(45)
    protected void poweroffStopsAtOnceThenSaysAlreadyShutOff() {
        String vm = running(vm());
        OpResult r = driver().poweroff(vm);
        assertStarts("powered off", r);
        assertFalse(blank(r.command()));
        assertEquals(VmState.SHUTOFF, state(vm));
        assertStarts("already shut off", driver().poweroff(vm));
    }

    @Test
    @Order(50)
    protected void aShutdownTheGuestIgnoresTimesOutOrIsForcedAtTheDeadline() {
        String deaf = deafVm();
        assertStarts("shutdown requested", driver().shutdown(deaf, new ShutdownRequest(null, false, false)));
        assertTrue(state(deaf).isActive(), "a request returns at once");
        long t0 = System.nanoTime();
        OperationTimeoutException t = assertThrows(OperationTimeoutException.class,
                () -> driver().shutdown(deaf, new ShutdownRequest(Duration.ofSeconds(1), false, true)));
        assertTrue(System.nanoTime() - t0 >= 1_000_000_000L, "gave up before the deadline");
        assertEquals("still running after 1 s", t.detail());
        assertNamed(t, deaf);
        assertTrue(state(deaf).isActive(), "left running without force");
        long t1 = System.nanoTime();
        OpResult forced = driver().shutdown(deaf, new ShutdownRequest(Duration.ofSeconds(1), true, true));
        assertTrue(System.nanoTime() - t1 >= 1_000_000_000L, "forced before the deadline");
        assertStarts("forced", forced);
        assertTrue(forced.command().contains(" && "), "the request, then the power-off: " + forced.command());
        assertEquals(VmState.SHUTOFF, state(deaf));
    }

    // ---- create and delete -------------------------------------------------------------------

    @Test
    @Order(60)
    protected void createDefinesAnOffVmOnceAndDeleteRemovesIt() {
        String name = unique("vdc-new-");
        try {
            OpResult made = driver().create(createSpec(name, null), false);
            assertFalse(blank(made.message()) || blank(made.command()), made.toString());
            assertEquals(VmState.SHUTOFF, state(name));
            assertTrue(listed(name).isPresent(), name + " listed");
            assertNamed(assertThrows(InvalidRequestException.class,
                    () -> driver().create(createSpec(name, null), false), "the name is taken"), name);
            assertFalse(blank(driver().delete(name, false, false).message()));
            assertNamed(assertThrows(VmNotFoundException.class, () -> driver().details(name)), name);
            assertTrue(listed(name).isEmpty(), name + " still listed");
        } finally {
            deleteQuietly(name);
        }
    }

    @Test
    @Order(61)
    protected void deleteRefusesARunningVmUnlessForced() {
        String name = unique("vdc-new-");
        try {
            assertFalse(blank(driver().create(createSpec(name, 16L), true).message()));
            assertTrue(state(name).isActive(), "created and started");
            assertNamed(assertThrows(InvalidRequestException.class, () -> driver().delete(name, true, false)), name);
            assertTrue(state(name).isActive(), "left alone");
            assertFalse(blank(driver().delete(name, true, true).message()));
            assertNamed(assertThrows(VmNotFoundException.class, () -> driver().details(name)), name);
        } finally {
            deleteQuietly(name);
        }
    }

    // ---- host --------------------------------------------------------------------------------

    @Test
    @Order(70)
    protected void hostInfoNamesTheHostAndCountsItsGuests() {
        int before = driver().list().size();
        HostInfo h = driver().hostInfo();
        int after = driver().list().size();
        assertEquals(driver().host(), h.host());
        assertEquals(driver().kind(), h.driver());
        assertFalse(blank(h.transport()) || blank(h.hypervisor()) || blank(h.hostname()), h.toString());
        assertTrue(h.cpus() != null && h.cpus() > 0, "cpus " + h.cpus());
        assertTrue(h.memoryTotalMiB() != null && h.memoryTotalMiB() > 0, "memory " + h.memoryTotalMiB());
        if (h.memoryFreeMiB() != null) assertTrue(h.memoryFreeMiB() <= h.memoryTotalMiB(), h.toString());
        // other clients may add or remove VMs meanwhile (a shared lab): between the two counts
        assertTrue(h.guests() >= Math.min(before, after) && h.guests() <= Math.max(before, after),
                h.guests() + " guests, listed " + before + " and " + after);
    }
}
