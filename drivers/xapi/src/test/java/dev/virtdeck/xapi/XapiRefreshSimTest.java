package dev.virtdeck.xapi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.xapi.CallRecord;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.sim.xapi.XapiPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A refresh ({@code list()}) is one XAPI round trip, event.from; the bulk calls where XAPI refuses it. */
@Timeout(120)
class XapiRefreshSimTest {
    @TempDir
    Path dir;
    SimXapiPool pool;
    SimHost master;
    SimHost member;
    SimSshHost onMember;
    XapiDriver driver;
    ListAppender<ILoggingEvent> log;

    @BeforeEach
    void setUp() throws Exception {
        pool = SimXapiPool.create("lab-pool");
        master = pool.addHost("xcp-a", true);
        member = pool.addHost("xcp-b");
        pool.addVm("on-a").memoryMb(512).vcpus(1, 2).state(XapiPowerState.RUNNING).residentOn(master);
        pool.addVm("on-b").memoryMb(1024).vcpus(2, 4).state(XapiPowerState.RUNNING).residentOn(member);
        pool.addVm("paused").memoryMb(256).vcpus(1, 1).state(XapiPowerState.RUNNING).residentOn(member);
        pool.addVm("off").memoryMb(256);
        pool.addTemplate("my template");
        onMember = SimSshHost.start(member, dir);
        driver = new XapiDriver("inv-b", onMember.ssh(), false);
        driver.pause("paused");
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(XapiPoolReader.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(XapiPoolReader.class)).detachAppender(log);
        if (driver != null) driver.close();
        if (onMember != null) onMember.close();
    }

    private List<String> methods() {
        return pool.callLog().stream().map(CallRecord::method).toList();
    }

    private long warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
    }

    @Test
    void oneListIsExactlyOneXapiCall() {
        driver.list(); // logs in
        pool.clearCallLog();
        List<VmInfo> vms = driver.list();
        assertEquals(List.of("event.from"), methods(), "one round trip per refresh: " + pool.callLog());
        CallRecord call = pool.callLog().get(0);
        assertEquals("Success", call.outcome());
        assertEquals("xcp-b", call.receivedBy());
        assertEquals(List.of("off", "on-a", "on-b", "paused"), vms.stream().map(VmInfo::name).toList(),
                "no templates, no control domains");
        assertEquals("xcp-a", vms.get(1).residentOn(), "members' names come in the same call");
        assertNotNull(vms.get(1).usage(), "a running guest's usage comes in the same call");
        assertNull(vms.get(0).usage(), "a halted guest has none");
        assertFalse(driver.refreshesWithBulkCalls());

        for (String vm : List.of("on-a", "on-b", "paused")) pool.vm(vm).state(XapiPowerState.HALTED);
        pool.clearCallLog();
        driver.list();
        assertEquals(List.of("event.from"), methods(), "no guest runs: still one call");
    }

    @Test
    void theOneCallReadsWhatTheBulkCallsRead() throws Exception {
        List<VmInfo> viaEvents = driver.list();
        assertFalse(driver.refreshesWithBulkCalls());
        try (SimSshHost second = SimSshHost.start(member, dir);
             XapiDriver bulk = new XapiDriver("inv-b", second.ssh(), false)) {
            pool.refuse("event.from", "MESSAGE_METHOD_UNKNOWN", "event.from");
            pool.clearCallLog();
            List<VmInfo> viaBulk = bulk.list();
            assertTrue(bulk.refreshesWithBulkCalls());
            assertTrue(methods().containsAll(List.of("VM.get_all_records", "host.get_all_records",
                    "VM_metrics.get_all_records")), "the old path really ran: " + methods());
            assertEquals(viaBulk, viaEvents, "names, states, vCPUs, memory, members, usage");
        }
        VmInfo onB = viaEvents.stream().filter(v -> v.name().equals("on-b")).findFirst().orElseThrow();
        assertEquals(2, onB.vcpus());
        assertEquals(5.0, onB.usage().reported().cpuPercent(), 1e-9, "the sim's two vCPUs at 0.02 and 0.03 of a CPU");
        assertEquals(1024L * 1024, onB.usage().memoryRssKiB(), "memory_actual");
    }

    @Test
    void anXapiWithoutEventFromIsReadWithTheBulkCallsAfterOneWarning() {
        driver.list(); // logs in
        pool.refuse("event.from", "MESSAGE_METHOD_UNKNOWN", "event.from");
        pool.clearCallLog();
        List<VmInfo> vms = driver.list();
        assertEquals(List.of("off", "on-a", "on-b", "paused"), vms.stream().map(VmInfo::name).toList());
        assertEquals(List.of("event.from", "VM.get_all_records", "host.get_all_records", "VM_metrics.get_all_records"),
                methods());
        assertEquals("MESSAGE_METHOD_UNKNOWN", pool.callLog().get(0).outcome());
        assertEquals(1, warnings(), "the refusal is logged: " + log.list);
        assertTrue(log.list.get(0).getFormattedMessage().contains("MESSAGE_METHOD_UNKNOWN"),
                log.list.get(0).getFormattedMessage());

        pool.clearCallLog();
        driver.list();
        assertEquals(List.of("VM.get_all_records", "host.get_all_records", "VM_metrics.get_all_records"), methods(),
                "the refusal is remembered: event.from is not asked again");
        assertEquals(1, warnings(), "logged once");
    }

    @Test
    void aSessionWithoutTheRoleFallsBackButAFailureOfEveryCallDoesNot() {
        driver.list();
        pool.refuse("event.from", "RBAC_PERMISSION_DENIED", "event.from", "the role does not include it");
        assertEquals(4, driver.list().size());
        assertTrue(driver.refreshesWithBulkCalls());

        XapiDriver other = new XapiDriver("inv-b", onMember.ssh(), false);
        try {
            pool.clearRefusals();
            pool.refuse("event.from", "INTERNAL_ERROR", "boom");
            assertEquals(4, other.list().size(), "any XAPI error code: the bulk calls");
            assertTrue(other.refreshesWithBulkCalls());
        } finally {
            other.close();
        }
    }

    @Test
    void refusalsAreXapiAnswersNotTransportOrSessionFailures() {
        XapiFailure unknown = new XapiFailure("event.from", "MESSAGE_METHOD_UNKNOWN", "event.from");
        assertTrue(XapiPoolReader.refusal(XapiErrors.map("h", null, "event.from", unknown)));
        XapiFailure session = new XapiFailure("event.from", "SESSION_INVALID", "OpaqueRef:x");
        assertFalse(XapiPoolReader.refusal(XapiErrors.map("h", null, "event.from", session)));
        assertTrue(XapiPoolReader.refusal(CommandFailedException.ofCall("h", null, "event.from",
                "unexpected answer from XAPI", new ClassCastException("x"))), "an answer the SDK cannot read");
        assertFalse(XapiPoolReader.refusal(CommandFailedException.ofCall("h", null, "event.from",
                "channel closed", new java.io.IOException("x"))), "the transport");
    }
}
