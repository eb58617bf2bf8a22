package dev.virtdeck.request;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.fleet.FakeDriver;
import dev.virtdeck.fleet.Target;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshot request: its checks, its CLI words, its plan, and the capability check before the driver. */
class SnapshotActionTest {

    @Test
    void badNamesAndDescriptionsAreRefusedBeforeAnyHost() {
        for (String bad : List.of("", "  ", "a/b", "two\nlines", " lead", "trail ", "x".repeat(129))) {
            assertThrows(BadRequestException.class, () -> SnapshotAction.create(bad, null), "'" + bad + "'");
        }
        assertThrows(BadRequestException.class, () -> SnapshotAction.create("ok", "bell\u0007"));
        assertThrows(BadRequestException.class, () -> new SnapshotAction(SnapshotAction.Action.REVERT, "ok", "why"));
        assertEquals("it's $(x) ;", SnapshotAction.revert("it's $(x) ;").name(), "any other text is a name");
    }

    @Test
    void theVerbIsTwoWordsAndThePlanSpellsTheCommand() {
        SnapshotAction create = SnapshotAction.create("before upgrade", "pre 2.0");
        assertEquals("snapshot create", create.verb());
        assertEquals(List.of("before upgrade", "--description", "pre 2.0"), create.cliArguments());
        assertEquals("snapshot create kvm1:web 'before upgrade' --description 'pre 2.0'",
                Plans.action(create, new Target("kvm1", "web", "libvirt")));
        assertEquals("snapshot delete kvm1:web s1", Plans.action(SnapshotAction.delete("s1"), new Target("kvm1", "web", "libvirt")));
        assertEquals("reverting", SnapshotAction.revert("s").progress());
    }

    @Test
    void theForecastSaysWhatWouldBeCapturedOrLost() {
        VmInfo running = new VmInfo("h", "libvirt", "web", null, VmState.RUNNING, "running", 1, 1, 1L, 1L, true, null);
        VmInfo off = new VmInfo("h", "libvirt", "web", null, VmState.SHUTOFF, "shut off", 1, 1, 1L, 1L, true, null);
        Forecast f = SnapshotAction.create("s", null).forecast(running);
        assertEquals(PlanOutcome.WOULD_RUN, f.outcome());
        assertTrue(f.message().contains("memory"), f.message());
        assertTrue(SnapshotAction.create("s", null).forecast(off).message().contains("disks"));
        assertTrue(SnapshotAction.revert("s").forecast(off).message().contains("losing what changed since"));
    }

    @Test
    void aDriverWithoutSnapshotsRefusesWithItsReasonAndNothingIsSent() {
        List<String> calls = new ArrayList<>();
        FakeDriver xl = new FakeDriver("xen1", "vm1") {
            @Override
            public Capabilities capabilities() {
                return Capabilities.allSupported().with(Capability.unsupported(Operation.SNAPSHOT, "xl has no snapshot command")).build();
            }

            @Override
            public OpResult revertSnapshot(String vm, String name) {
                calls.add(name);
                return new OpResult("reverted", null);
            }
        };
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> SnapshotAction.revert("s").apply(xl, "vm1"));
        assertEquals("xen1: vm1: snapshot is not supported: xl has no snapshot command", e.getMessage());
        assertTrue(calls.isEmpty());
        PlanStep step = Plans.step(SnapshotAction.revert("s"), new Target("xen1", "vm1", "xl"), xl.capabilities(), null);
        assertEquals(PlanOutcome.REFUSED, step.outcome());
        assertEquals("snapshot is not supported: xl has no snapshot command", step.message());
    }

    @Test
    void theSpiDefaultRefusesForADriverThatDoesNotImplementSnapshots() {
        FakeDriver plain = new FakeDriver("h", "vm1");
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> plain.snapshots("vm1"));
        assertEquals("snapshot", e.operation());
        assertTrue(e.getMessage().endsWith("not implemented by this driver"), e.getMessage());
    }
}
