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
}
