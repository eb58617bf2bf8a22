package dev.virtdeck.xapi;

import com.xensource.xenapi.Host;
import com.xensource.xenapi.Types;
import com.xensource.xenapi.VM;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VM records (as the SDK unmarshals them) to VmInfo. */
class XapiVmsTest {
    static final long MIB = 1024L * 1024L;

    static VM.Record record(String name, Types.VmPowerState state) {
        VM.Record r = new VM.Record();
        r.uuid = "0b8e5c1c-6f43-4c3e-9a57-3a1f0e2d4c11";
        r.nameLabel = name;
        r.powerState = state;
        r.isATemplate = false;
        r.isASnapshot = false;
        r.isControlDomain = false;
        r.memoryStaticMin = 128 * MIB;
        r.memoryStaticMax = 2048 * MIB;
        r.memoryDynamicMin = 1024 * MIB;
        r.memoryDynamicMax = 1024 * MIB;
        r.memoryTarget = 0L;
        r.VCPUsAtStartup = 2L;
        r.VCPUsMax = 4L;
        r.domid = -1L;
        r.residentOn = Types.toHost(XapiVms.NULL_REF);
        return r;
    }

    @Test
    void aRunningVmOnAMemberOfThePool() {
        VM.Record r = record("web 1; rm -rf /", Types.VmPowerState.RUNNING);
        r.residentOn = Types.toHost("OpaqueRef:h2");
        VmInfo v = XapiVms.toVmInfo("xcp1", "xapi", r, Map.of("OpaqueRef:h1", "xcp-a", "OpaqueRef:h2", "xcp-b"));
        assertEquals(new VmInfo("xcp1", "xapi", "web 1; rm -rf /", r.uuid, VmState.RUNNING, "Running", 2, 4, 1024L,
                2048L, true, null, "xcp-b"), v);
    }

    @Test
    void detailsOfARunningVmTakeTheLiveVcpuCountFromItsMetrics() {
        VmInfo v = XapiVms.toVmInfo("h", "xapi", record("x", Types.VmPowerState.RUNNING), Map.of());
        assertEquals(3, XapiVms.withLiveVcpus(v, 3L).vcpus());
        assertEquals(4, XapiVms.withLiveVcpus(v, 3L).maxVcpus());
        assertEquals(v, XapiVms.withLiveVcpus(v, 0L), "no metrics: the record's VCPUs_at_startup");
        assertEquals(v, XapiVms.withLiveVcpus(v, null));
    }

    @Test
    void usageFromVmMetricsSumsTheVcpusSharesIntoPercentOfOneCpu() {
        com.xensource.xenapi.VMMetrics.Record m = new com.xensource.xenapi.VMMetrics.Record();
        m.VCPUsUtilisation = Map.of(0L, 0.25, 1L, 0.5);
        m.memoryActual = 512 * MIB;
        VmInfo.Usage u = XapiVms.usage(m);
        assertEquals(75.0, u.reported().cpuPercent(), 1e-9);
        assertEquals(512L * 1024, u.memoryRssKiB(), "memory_actual: what the domain holds, in KiB");
        assertNull(u.memoryUsedKiB(), "the guest's own use is not in VM_metrics");
        assertNull(u.reported().diskReadBps());
        assertNull(u.reported().netRxBps());
        assertNull(u.diskReadBytes(), "no counters");
    }

    @Test
    void metricsWithoutFiguresGiveNoUsage() {
        com.xensource.xenapi.VMMetrics.Record m = new com.xensource.xenapi.VMMetrics.Record();
        m.VCPUsUtilisation = Map.of();
        m.memoryActual = 0L;
        assertNull(XapiVms.usage(m));
        assertNull(XapiVms.usage(null));
        m.memoryActual = 1024L * 1024;
        assertNull(XapiVms.usage(m).reported().cpuPercent(), "an empty utilisation map: unknown, not 0 %");
    }

    @Test
    void statesAndTheirNativeWords() {
        assertEquals(VmState.SHUTOFF, XapiVms.state(Types.VmPowerState.HALTED));
        assertEquals(VmState.PAUSED, XapiVms.state(Types.VmPowerState.PAUSED));
        assertEquals(VmState.SUSPENDED, XapiVms.state(Types.VmPowerState.SUSPENDED));
        assertEquals(VmState.RUNNING, XapiVms.state(Types.VmPowerState.RUNNING));
        assertEquals(VmState.UNKNOWN, XapiVms.state(Types.VmPowerState.UNRECOGNIZED));
        assertEquals(VmState.UNKNOWN, XapiVms.state(null));
        assertEquals("Halted", XapiVms.nativeState(Types.VmPowerState.HALTED));
        assertEquals("Suspended", XapiVms.nativeState(Types.VmPowerState.SUSPENDED));
    }

    @Test
    void aHaltedVmIsResidentNowhereAndShowsItsDynamicMaximum() {
        VM.Record r = record("db", Types.VmPowerState.HALTED);
        VmInfo v = XapiVms.toVmInfo("xcp1", "xapi", r, Map.of());
        assertNull(v.residentOn());
        assertEquals(1024L, v.memoryMiB());
        assertEquals(2048L, v.maxMemoryMiB());
        assertEquals(VmState.SHUTOFF, v.state());
    }

    @Test
    void aRunningVmWithARangeShowsXapisTarget() {
        VM.Record r = record("db", Types.VmPowerState.RUNNING);
        r.memoryDynamicMin = 512 * MIB;
        r.memoryTarget = 768 * MIB;
        assertEquals(768L, XapiVms.toVmInfo("h", "xapi", r, Map.of()).memoryMiB());
        r.memoryTarget = 0L; // XAPI reports none: the top of the range
        assertEquals(1024L, XapiVms.toVmInfo("h", "xapi", r, Map.of()).memoryMiB());
    }

    @Test
    void guestsAreNeitherTemplatesNorSnapshotsNorControlDomains() {
        VM.Record r = record("x", Types.VmPowerState.HALTED);
        assertTrue(XapiVms.isGuest(r));
        r.isATemplate = true;
        assertFalse(XapiVms.isGuest(r));
        assertTrue(XapiVms.isTemplate(r));
        r.isATemplate = false;
        r.isASnapshot = true;
        assertFalse(XapiVms.isGuest(r));
        r.isASnapshot = false;
        r.isControlDomain = true;
        assertFalse(XapiVms.isGuest(r));
        r.isControlDomain = null; // a sparse record: not a control domain
        assertTrue(XapiVms.isGuest(r));
    }

    @Test
    void memberNamesAndUuids() {
        Host.Record h = new Host.Record();
        h.uuid = "u";
        h.hostname = "xcp-b.lan";
        assertEquals("xcp-b.lan", XapiDriver.memberName(h));
        h.nameLabel = "xcp-b";
        assertEquals("xcp-b", XapiDriver.memberName(h));
        assertEquals("xcp-b", XapiVms.residentOn(Types.toHost("OpaqueRef:b"), Map.of("OpaqueRef:b", "xcp-b")));
        assertNull(XapiVms.residentOn(Types.toHost(XapiVms.NULL_REF), Map.of()));
        assertTrue(XapiVms.looksLikeUuid("0B8E5C1C-6f43-4c3e-9a57-3a1f0e2d4c11"));
        assertFalse(XapiVms.looksLikeUuid("web 1"));
    }
}
