package dev.virtdeck.driver;

import dev.virtdeck.driver.UsageRates.Sample;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Rates from two samples of one VM's cumulative counters. */
class UsageRatesTest {
    private static final long SECOND = 1_000_000_000L;

    static VmInfo vm(String uuid, VmState state, Long cpuNs, VmInfo.Usage usage) {
        return new VmInfo("kvm1", "libvirt", "web", uuid, state, "x", 2, 2, 512L, 512L, true, cpuNs, null, usage);
    }

    static VmInfo.Usage io(long rd, long wr, long rx, long tx) {
        return new VmInfo.Usage(null, 1000L, rd, wr, rx, tx);
    }

    @Test
    void cpuPercentIsCpuTimeOverWallTimeWhere100IsOneCpu() {
        Sample a = new Sample(vm("u", VmState.RUNNING, 10 * SECOND, null), 0);
        Sample b = new Sample(vm("u", VmState.RUNNING, 13 * SECOND, null), 2 * SECOND);
        assertEquals(150.0, UsageRates.between(a, b).cpuPercent(), 1e-9);
    }

    @Test
    void bytesPerSecondForDiskAndNetwork() {
        Sample a = new Sample(vm("u", VmState.RUNNING, 0L, io(1000, 0, 50, 10)), 0);
        Sample b = new Sample(vm("u", VmState.RUNNING, 0L, io(5000, 2000, 250, 10)), 2 * SECOND);
        UsageRates r = UsageRates.between(a, b);
        assertEquals(2000.0, r.diskReadBps());
        assertEquals(1000.0, r.diskWriteBps());
        assertEquals(100.0, r.netRxBps());
        assertEquals(0.0, r.netTxBps());
        assertEquals(0.0, r.cpuPercent());
    }

    @Test
    void firstSampleHasNoRates() {
        assertEquals(UsageRates.NONE,
                UsageRates.between(null, new Sample(vm("u", VmState.RUNNING, 5L, io(1, 1, 1, 1)), 7)));
    }

    @Test
    void aCounterThatWentDownMeansARestartAndNoRate() {
        Sample a = new Sample(vm("u", VmState.RUNNING, 90 * SECOND, io(9000, 9000, 9000, 9000)), 0);
        Sample b = new Sample(vm("u", VmState.RUNNING, SECOND, io(100, 9500, 100, 100)), SECOND);
        UsageRates r = UsageRates.between(a, b);
        assertNull(r.cpuPercent());
        assertNull(r.diskReadBps());
        assertEquals(500.0, r.diskWriteBps()); // this counter did not go down: its rate stands
        assertNull(r.netRxBps());
    }

    @Test
    void missingCountersGiveNullRatesOnlyForThem() {
        Sample a = new Sample(vm("u", VmState.RUNNING, null, null), 0);
        Sample b = new Sample(vm("u", VmState.RUNNING, SECOND, io(1, 2, 3, 4)), SECOND);
        assertEquals(UsageRates.NONE, UsageRates.between(a, b));
        Sample c = new Sample(vm("u", VmState.RUNNING, 2 * SECOND, io(1, 2, 3, 4)), 2 * SECOND);
        assertEquals(100.0, UsageRates.between(b, c).cpuPercent(), 1e-9);
    }

    @Test
    void anotherVmUnderTheSameNameOrAStoppedVmHasNoRates() {
        Sample a = new Sample(vm("u1", VmState.RUNNING, SECOND, null), 0);
        Sample other = new Sample(vm("u2", VmState.RUNNING, 3 * SECOND, null), SECOND);
        Sample off = new Sample(vm("u1", VmState.SHUTOFF, 3 * SECOND, null), SECOND);
        assertEquals(UsageRates.NONE, UsageRates.between(a, other));
        assertEquals(UsageRates.NONE, UsageRates.between(a, off));
    }

    @Test
    void memoryInUsePrefersTheGuestsOwnFigure() {
        assertEquals(100L, new VmInfo.Usage(100L, 300L, null, null, null, null).memoryInUseKiB());
        assertEquals(300L, new VmInfo.Usage(null, 300L, null, null, null, null).memoryInUseKiB());
        assertNull(VmInfo.Usage.NONE.memoryInUseKiB());
    }

    @Test
    void oldConstructorsLeaveUsageNull() {
        VmInfo v = new VmInfo("h", "xl", "n", null, VmState.RUNNING, "r", 1, 1, 1L, 1L, true, 1L);
        assertNull(v.usage());
        assertSame(VmInfo.Usage.NONE, v.withUsage(VmInfo.Usage.NONE).usage());
    }

    static VmInfo.Usage reported(Double cpu, Double rx) {
        return new VmInfo.Usage(null, 2048L, null, null, null, null, new UsageRates(cpu, null, null, rx, 5.0));
    }

    @Test
    void reportedRatesStandInFromTheFirstSampleOn() {
        UsageRates r = UsageRates.between(null, new Sample(vm("u", VmState.RUNNING, null, reported(37.5, 900.0)), 7));
        assertEquals(37.5, r.cpuPercent());
        assertEquals(900.0, r.netRxBps());
        assertEquals(5.0, r.netTxBps());
        assertNull(r.diskReadBps(), "not reported, no counters: unknown");
    }

    @Test
    void ratesFromCountersWinOverReportedOnesAndTheLatestReportIsUsed() {
        Sample a = new Sample(vm("u", VmState.RUNNING, 0L, reported(10.0, 1.0)), 0);
        Sample b = new Sample(vm("u", VmState.RUNNING, SECOND, reported(90.0, 2.0)), 2 * SECOND);
        UsageRates r = UsageRates.between(a, b);
        assertEquals(50.0, r.cpuPercent(), 1e-9, "cpu time counters: 1 s of CPU in 2 s");
        assertEquals(2.0, r.netRxBps(), "no byte counters: the rate reported now");
    }

    @Test
    void aStoppedVmHasNoReportedRatesEither() {
        assertEquals(UsageRates.NONE,
                UsageRates.between(null, new Sample(vm("u", VmState.SHUTOFF, null, reported(12.0, 1.0)), 7)));
    }

    @Test
    void theSixCounterConstructorReportsNothing() {
        assertNull(new VmInfo.Usage(1L, 2L, 3L, 4L, 5L, 6L).reported());
        assertEquals(UsageRates.NONE, UsageRates.reported(vm("u", VmState.RUNNING, null, null)));
    }
}
