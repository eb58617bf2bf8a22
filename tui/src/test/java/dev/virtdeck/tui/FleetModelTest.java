package dev.virtdeck.tui;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetModelTest {
    private TuiHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    /** Lists only when released; counts how often it was asked. */
    static final class SlowDriver extends FakeDriver {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger lists = new AtomicInteger();
        volatile boolean block;

        SlowDriver(String host, String... vms) {
            super(host, vms);
        }

        @Override
        public List<VmInfo> list() {
            lists.incrementAndGet();
            if (block) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.list();
        }
    }

    @Test
    void aSlowHostNeitherDelaysTheOthersNorPilesUpRefreshes() throws Exception {
        SlowDriver slow = new SlowDriver("slow", "s1");
        SlowDriver fast = new SlowDriver("fast", "f1");
        h = new TuiHarness().host("slow", null, slow).host("fast", null, fast).start();
        slow.block = true;
        CompletableFuture<Void> first = h.model.refresh("slow");
        CompletableFuture<Void> second = h.model.refresh("slow");
        assertSame(first, second, "a tick while the refresh runs is dropped");
        int before = fast.lists.get();
        h.model.refresh("fast").get(5, TimeUnit.SECONDS);
        assertEquals(before + 1, fast.lists.get(), "the fast host refreshed while the slow one hangs");
        assertFalse(first.isDone());
        // the UI keeps answering keys meanwhile
        h.press("j");
        assertTrue(h.text().contains("fast"));
        slow.release.countDown();
        first.get(5, TimeUnit.SECONDS);
        assertEquals(2, slow.lists.get(), "one initial listing, one refresh: the dropped tick never ran");
    }

    @Test
    void periodicRefreshPicksUpChanges() throws Exception {
        FakeDriver d = new FakeDriver("kvm1", "web");
        h = new TuiHarness().host("kvm1", null, d).start();
        FleetModel m = new FleetModel(h.fleet, List.of(new FleetModel.Watched(TuiHarness.resolved("kvm1"), List.of())),
                java.time.Duration.ofMillis(50), 2, java.time.Clock.systemUTC());
        try {
            CountDownLatch running = new CountDownLatch(1);
            m.addListener(s -> {
                if (s.rows().stream().anyMatch(r -> r.vm().state() == dev.virtdeck.driver.VmState.RUNNING)) {
                    running.countDown();
                }
            });
            m.start();
            d.start("web");
            assertTrue(running.await(5, TimeUnit.SECONDS), "a later tick saw the VM running");
        } finally {
            m.close();
        }
    }

    @Test
    void aHostDownAtFirstContactComesBackAfterItsBackoffAndItsRowsAreLive() {
        TuiHarness.SettableClock clock = new TuiHarness.SettableClock();
        h = new TuiHarness().host("kvm1", null, new FakeDriver("kvm1", "web"))
                .host("kvm2", null, new FakeDriver("kvm2", "db", "cache"));
        h.refusing.add("kvm2");
        h.fleetClock = clock;
        h.start(160, 30);
        assertTrue(h.rowOf("kvm2", "DOWN", "connection refused", "(retry in ") > 0, h.text());
        assertEquals(-1, h.rowOf("kvm2", "db"));
        assertTrue(h.lines().get(0).contains("hosts 1/2 up"), h.lines().get(0));
        h.refusing.remove("kvm2");
        h.refresh();
        assertTrue(h.rowOf("kvm2", "DOWN") > 0, "not tried again before the back-off:\n" + h.text());
        clock.advance(java.time.Duration.ofSeconds(5));
        h.refresh();
        int db = h.rowOf("kvm2", "db", "shutoff ");
        assertTrue(db > 0, "the host came back with its VMs:\n" + h.text());
        assertTrue(h.rowOf("kvm2", "cache") > 0);
        assertEquals(-1, h.rowOf("kvm2", "DOWN"));
        assertTrue(h.lines().get(0).contains("hosts 2/2 up"), h.lines().get(0));
        assertNotEquals(h.app.theme.color(Role.STALE),
                h.cell(h.lines().get(db).indexOf("db"), db).getForegroundColor(), "live rows, not greyed");
        assertFalse(h.model.snapshot().rows().stream().anyMatch(VmRow::stale));
    }

    @Test
    void refreshNowKeyTriesADownHostAtOnce() {
        h = new TuiHarness().host("kvm1", null, new FakeDriver("kvm1", "web"))
                .host("kvm2", null, new FakeDriver("kvm2", "db"));
        h.refusing.add("kvm2");
        h.fleetClock = new TuiHarness.SettableClock(); // frozen: the back-off never runs out by itself
        h.start(160, 30);
        assertTrue(h.rowOf("kvm2", "DOWN") > 0, h.text());
        h.refusing.remove("kvm2");
        h.refresh();
        assertTrue(h.rowOf("kvm2", "DOWN") > 0, "the periodic refresh waits for the back-off");
        h.press("R");
        assertTrue(h.text().contains("refreshing every host"), h.text());
        h.await(() -> h.rowOf("kvm2", "db", "shutoff ") > 0, "kvm2's VM after R");
        assertEquals(-1, h.rowOf("kvm2", "DOWN"));
    }

    @Test
    void thePeriodicRefreshReconnectsADownHostOnItsOwn() throws Exception {
        TuiHarness.SettableClock clock = new TuiHarness.SettableClock();
        h = new TuiHarness().host("kvm1", null, new FakeDriver("kvm1", "web"));
        h.refusing.add("kvm1");
        h.fleetClock = clock;
        h.start();
        FleetModel m = new FleetModel(h.fleet, List.of(new FleetModel.Watched(TuiHarness.resolved("kvm1"), List.of())),
                java.time.Duration.ofMillis(50), 2, java.time.Clock.systemUTC());
        try {
            CountDownLatch back = new CountDownLatch(1);
            m.addListener(s -> {
                if (s.hosts().get(0).reachable() && s.rows().size() == 1 && !s.rows().get(0).stale()) back.countDown();
            });
            m.start();
            h.refusing.remove("kvm1");
            assertFalse(back.await(300, TimeUnit.MILLISECONDS), "ticks before the back-off do not reconnect");
            clock.advance(java.time.Duration.ofSeconds(5));
            assertTrue(back.await(5, TimeUnit.SECONDS), "a tick after the back-off reconnected the host");
        } finally {
            m.close();
        }
    }
}
