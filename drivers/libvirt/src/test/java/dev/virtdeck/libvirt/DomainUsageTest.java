package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmInfo;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The usage counters from bulk stats keys (the same on the native and the virsh transport). */
class DomainUsageTest {

    static VmInfo.Usage usage(Map<String, Long> stats) {
        return DomainUsage.from(stats::get);
    }

    @Test
    void sumsEveryDiskAndInterfaceAndTakesTheGuestsOwnMemoryFigure() {
        Map<String, Long> s = new HashMap<>();
        s.put("balloon.available", 1_000_000L);
        s.put("balloon.unused", 600_000L);
        s.put("balloon.rss", 300_000L);
        s.put("block.count", 2L);
        s.put("block.0.rd.bytes", 1000L);
        s.put("block.0.wr.bytes", 10L);
        s.put("block.1.rd.bytes", 24L);
        s.put("block.1.wr.bytes", 5L);
        s.put("net.count", 1L);
        s.put("net.0.rx.bytes", 7L);
        s.put("net.0.tx.bytes", 9L);
        assertEquals(new VmInfo.Usage(400_000L, 300_000L, 1024L, 15L, 7L, 9L), usage(s));
    }

    @Test
    void noDiskOrInterfaceIsZeroAMissingGroupIsUnknown() {
        assertEquals(new VmInfo.Usage(null, 218364L, 0L, 0L, null, null),
                usage(Map.of("balloon.rss", 218364L, "block.count", 0L)));
        assertEquals(VmInfo.Usage.NONE, usage(Map.of()));
    }

    @Test
    void aDiskWithoutCountersAddsNothingAndNoCounterAtAllIsUnknown() {
        Map<String, Long> s = new HashMap<>(Map.of("block.count", 2L, "block.1.rd.bytes", 5L));
        VmInfo.Usage u = usage(s); // block 0: an empty CD-ROM; block 1 has reads but no writes counter
        assertEquals(5L, u.diskReadBytes());
        assertEquals(null, u.diskWriteBytes());
    }

    @Test
    void guestMemoryNeedsBothFiguresAndAvailableAboveUnused() {
        assertEquals(null, usage(Map.of("balloon.available", 10L)).memoryUsedKiB());
        assertEquals(null, usage(Map.of("balloon.available", 10L, "balloon.unused", 20L)).memoryUsedKiB());
    }
}
