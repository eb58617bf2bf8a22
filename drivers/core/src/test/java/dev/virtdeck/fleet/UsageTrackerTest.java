package dev.virtdeck.fleet;

import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Successive refreshes turned into rates, per VM, across hosts refreshed separately. */
class UsageTrackerTest {
    private static final long SECOND = 1_000_000_000L;

    static VmInfo vm(String host, String name, long cpuSeconds) {
        return new VmInfo(host, "libvirt", name, null, VmState.RUNNING, "running", 1, 1, 1L, 1L, true,
                cpuSeconds * SECOND);
    }

    @Test
    void secondRefreshGivesRatesFirstDoesNot() {
        UsageTracker t = new UsageTracker();
        Map<String, UsageRates> first = t.observe(List.of(vm("a", "web", 1)), null, 0);
        assertNull(first.get("a:web").cpuPercent());
        Map<String, UsageRates> second = t.observe(List.of(vm("a", "web", 2)), null, 4 * SECOND);
        assertEquals(25.0, second.get("a:web").cpuPercent(), 1e-9);
    }

    @Test
    void aVmMissingFromItsHostsRefreshStartsOverButOtherHostsAreKept() {
        UsageTracker t = new UsageTracker();
        t.observe(List.of(vm("a", "web", 1), vm("b", "db", 1)), null, 0);
        t.observe(List.of(), List.of("a"), SECOND); // host a listed, web gone; b not refreshed
        Map<String, UsageRates> r = t.observe(List.of(vm("a", "web", 2), vm("b", "db", 2)), null, 2 * SECOND);
        assertNull(r.get("a:web").cpuPercent());
        assertEquals(50.0, r.get("b:db").cpuPercent(), 1e-9);
    }
}
