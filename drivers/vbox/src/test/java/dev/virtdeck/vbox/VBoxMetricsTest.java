package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing {@code VBoxManage metrics query} and turning its figures into usage. */
class VBoxMetricsTest {
    /**
     * RECONSTRUCTED (no VirtualBox on this machine): the layout of VBoxManageMetrics.cpp's query
     * ("%-15ls %-40ls " then the samples, "%d.%02d%ls" for scaled metrics, "%d %ls" for the others)
     * with the units of VirtualBox's performance collector. "web 1" holds a space; "long-named
     * machine" overflows the 15-column object field; "idle" has no sample yet; "host" is the host.
     */
    static final String QUERY = """
            Object          Metric                                   Values
            --------------- ---------------------------------------- --------------------------------------------
            host            CPU/Load/User                            3.10%
            host            RAM/Usage/Used                           4123456 kB
            web 1           CPU/Load/User                            1.25%
            web 1           CPU/Load/Kernel                          0.50%
            web 1           RAM/Usage/Used                           734003 kB
            web 1           Guest/RAM/Usage/Total                    1048576 kB
            web 1           Guest/RAM/Usage/Free                     786432 kB
            web 1           Net/Rate/Rx                              1536 B/s
            web 1           Net/Rate/Tx                              512 B/s
            long-named machine CPU/Load/User                            0.00%, 12.34%
            long-named machine CPU/Load/Kernel                          0.01%
            idle            CPU/Load/User                           \s
            idle            RAM/Usage/Used                          \s
            """;

    @Test
    void everyObjectsNewestSampleByMetric() {
        Map<String, Map<String, Double>> m = VBoxParsers.metrics(QUERY, VBoxMetrics.QUERIED);
        assertEquals(1.25, m.get("web 1").get("CPU/Load/User"));
        assertEquals(734003.0, m.get("web 1").get("RAM/Usage/Used"));
        assertEquals(1536.0, m.get("web 1").get("Net/Rate/Rx"));
        assertEquals(12.34, m.get("long-named machine").get("CPU/Load/User"), "the newest of the retained samples");
        assertFalse(m.containsKey("idle"), "no sample yet: nothing known");
        assertEquals(3.10, m.get("host").get("CPU/Load/User"));
    }

    @Test
    void anObjectNamedTwiceForOneMetricIsLeftOut() {
        String twice = QUERY + "host            CPU/Load/User                            0.50%\n";
        Map<String, Map<String, Double>> m = VBoxParsers.metrics(twice, VBoxMetrics.QUERIED);
        assertFalse(m.containsKey("host"), "a VM called host cannot be told from the host");
        assertTrue(m.containsKey("web 1"));
    }

    @Test
    void aVmNamedLikeAMetricIsSplitAtTheLastMetric() {
        String odd = "Net/Rate/Rx x    CPU/Load/User                            2.00%\n";
        assertEquals(Map.of("Net/Rate/Rx x", Map.of("CPU/Load/User", 2.0)), VBoxParsers.metrics(odd, VBoxMetrics.QUERIED));
    }

    @Test
    void usageScalesTheHostShareToOneCpuAndReadsGuestMemory() {
        Map<String, Double> web = VBoxParsers.metrics(QUERY, VBoxMetrics.QUERIED).get("web 1");
        VmInfo.Usage u = VBoxMetrics.usage(web, 4);
        assertEquals(7.0, u.reported().cpuPercent(), 1e-9, "(1.25 + 0.50) % of 4 CPUs = 7 % of one");
        assertEquals(734003L, u.memoryRssKiB());
        assertEquals(262144L, u.memoryUsedKiB(), "guest total - free");
        assertEquals(1536.0, u.reported().netRxBps());
        assertEquals(512.0, u.reported().netTxBps());
        assertNull(u.reported().diskReadBps(), "VirtualBox has no per-VM disk throughput metric");
        assertNull(u.diskReadBytes());
    }

    @Test
    void withoutGuestAdditionsOrHostCpusThoseFiguresAreUnknown() {
        VmInfo.Usage u = VBoxMetrics.usage(Map.of("CPU/Load/User", 1.0, "CPU/Load/Kernel", 1.0, "RAM/Usage/Used", 5.0),
                null);
        assertNull(u.reported().cpuPercent(), "a share of an unknown number of CPUs");
        assertNull(u.memoryUsedKiB());
        assertEquals(5L, u.memoryInUseKiB(), "the host's view stands in");
    }

    @Test
    void aHeaderOnlyAnswerHasNothing() {
        assertTrue(VBoxParsers.metrics(QUERY.lines().limit(2).map(l -> l + "\n").reduce("", String::concat),
                List.of("CPU/Load/User")).isEmpty());
    }
}
