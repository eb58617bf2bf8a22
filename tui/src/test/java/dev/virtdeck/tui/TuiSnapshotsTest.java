package dev.virtdeck.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.virtdeck.tui.TuiHarness.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The snapshots view (key t) on the virtual terminal: listing, create, and revert/delete behind confirms naming the snapshot. */
class TuiSnapshotsTest {
    private TuiHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    /** A driver with snapshots in memory; records every change that reached it. */
    static final class SnapshotDriver extends FakeDriver {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final List<VmSnapshot> snaps = new CopyOnWriteArrayList<>();

        SnapshotDriver(String host, String... vms) {
            super(host, vms);
            snaps.add(new VmSnapshot("base", Instant.parse("2026-12-01T10:00:00Z"), "fresh install", VmState.SHUTOFF,
                    "shutoff", false, null, VmSnapshot.Location.INTERNAL, false));
            snaps.add(new VmSnapshot("before-upgrade", Instant.parse("2026-12-06T10:00:00Z"), null, VmState.RUNNING,
                    "running", true, "base", VmSnapshot.Location.INTERNAL, true));
        }

        @Override
        public List<VmSnapshot> snapshots(String vm) {
            return new ArrayList<>(snaps);
        }

        @Override
        public OpResult createSnapshot(String vm, String name, String description) {
            calls.add("create " + vm + " " + name);
            return new OpResult("snapshot '" + name + "' taken", "fake");
        }

        @Override
        public OpResult revertSnapshot(String vm, String name) {
            calls.add("revert " + vm + " " + name);
            return new OpResult("reverted to snapshot '" + name + "'", "fake");
        }

        @Override
        public OpResult deleteSnapshot(String vm, String name) {
            calls.add("delete " + vm + " " + name);
            snaps.removeIf(s -> s.name().equals(name));
            return new OpResult("deleted snapshot '" + name + "'", "fake");
        }
    }

    private SnapshotDriver driver;

    private void start() {
        driver = new SnapshotDriver("kvm1", "web", "db");
        h = new TuiHarness().host("kvm1", null, driver).start();
    }

    @Test
    void theKeyIsInTheHintBarAndTheHelp() {
        driver = new SnapshotDriver("kvm1", "web", "db");
        h = new TuiHarness().host("kvm1", null, driver).start(160, 40); // wide enough for every hint
        assertTrue(h.text().contains("<t>snapshots"), h.text());
        h.press("?");
        h.awaitText("snapshots  (needs snapshot)");
    }

    @Test
    void tListsTheSnapshotsInTheBackgroundWithTheCurrentOneMarked() {
        start();
        h.press("t");
        h.awaitText("Snapshots of kvm1:web");
        h.awaitText("before-upgrade");
        String screen = h.text();
        assertTrue(screen.contains("> * before-upgrade"), "the current one is selected and starred:\n" + screen);
        assertTrue(screen.contains("fresh install"), screen);
        assertTrue(screen.contains("internal, with memory"), screen);
        h.press(key(KeyType.Escape));
        h.await(() -> !h.text().contains("Snapshots of"), "the view closed");
        assertTrue(driver.calls.isEmpty(), "listing changes nothing");
    }

    @Test
    void revertAsksNamingTheSnapshotAndRunsOnlyOnYes() {
        start();
        h.press("t");
        h.awaitText("before-upgrade");
        h.press("r");
        h.awaitText("Revert kvm1:web to snapshot 'before-upgrade'?");
        assertTrue(h.text().contains("what changed since is lost"), h.text());
        h.press("n");
        h.awaitText("cancelled");
        assertTrue(driver.calls.isEmpty(), "no revert without yes");
        h.press("t");
        h.awaitText("> * before-upgrade"); // listed: the current one selected
        h.press("k"); // up to "base"
        h.press("r");
        h.awaitText("Revert kvm1:web to snapshot 'base'?");
        h.press("y");
        h.await(() -> driver.calls.contains("revert web base"), "the revert reached the driver");
        h.awaitText("snapshot revert: 1 ok");
        h.press("l");
        h.awaitText("snapshot revert kvm1:web base");
    }

    @Test
    void deleteAsksToo() {
        start();
        h.press("t");
        h.awaitText("> * before-upgrade");
        h.press("d");
        h.awaitText("Delete snapshot 'before-upgrade' of kvm1:web?");
        h.press("y");
        h.await(() -> driver.calls.contains("delete web before-upgrade"), "the delete reached the driver");
        h.press("t");
        h.awaitText("Snapshots of kvm1:web");
        h.await(() -> h.text().contains("base") && !h.text().contains("before-upgrade"), "the list without it");
    }

    @Test
    void createAsksTheNameAndRefusesABadOne() {
        start();
        h.press("t");
        h.awaitText("before-upgrade");
        h.press("c");
        h.awaitText("New snapshot of kvm1:web");
        h.press("a/b");
        h.press(key(KeyType.Enter));
        h.awaitText("cannot contain '/'");
        for (int i = 0; i < 3; i++) h.press(key(KeyType.Backspace));
        h.press("pre-patch");
        h.press(key(KeyType.Enter));
        h.await(() -> driver.calls.contains("create web pre-patch"), "the create reached the driver");
        assertEquals(List.of("create web pre-patch"), driver.calls);
    }

    @Test
    void aDriverWithoutSnapshotsIsRefusedWithItsReason() {
        FakeDriver xl = new FakeDriver("xen1", "mail") {
            @Override
            public Capabilities capabilities() {
                return Capabilities.allSupported()
                        .with(Capability.unsupported(Operation.SNAPSHOT, "xl has no snapshot command")).build();
            }
        };
        h = new TuiHarness().host("xen1", null, xl).start();
        h.press("t");
        h.awaitText("snapshot is not supported: xl has no snapshot command");
        assertTrue(!h.text().contains("Snapshots of"), h.text());
    }
}
