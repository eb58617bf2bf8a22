package dev.virtdeck.xapi;

import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.sim.xapi.XapiPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XenServer snapshots on the simulated pool (XenAPI RECONSTRUCTED from its reference): the calls
 * made, snapshot VMs hidden from the VM list, the VM's parent as the current snapshot, a revert
 * that leaves the VM halted, and a delete that destroys the snapshot VM.
 */
@Timeout(120)
class XapiSnapshotsSimTest {
    @TempDir
    Path dir;
    SimXapiPool pool;
    SimSshHost ssh;
    XapiDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        pool = SimXapiPool.create("lab-pool").shutdownTimeout(Duration.ofMillis(300));
        SimHost master = pool.addHost("xcp-a", true);
        pool.addVm("web").memoryMb(512).vcpus(1, 2).state(XapiPowerState.RUNNING).residentOn(master);
        ssh = SimSshHost.start(master, dir);
        driver = new XapiDriver("xcp1", ssh.ssh(), false);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) driver.close();
        if (ssh != null) ssh.close();
    }

    private long calls(String method) {
        return pool.callLog().stream().filter(c -> c.method().equals(method)).count();
    }

    @Test
    void aSnapshotIsTakenListedRevertedAndDeletedThroughItsOwnVmRecord() {
        OpResult took = driver.createSnapshot("web", "before", "pre 2.0");
        assertEquals("snapshot 'before' taken (disks only)", took.message());
        assertEquals(1, calls("VM.snapshot"));
        assertEquals(1, calls("VM.set_name_description"));
        assertEquals(List.of("web"), driver.list().stream().map(VmInfo::name).toList(), "the snapshot VM is not a guest");

        VmSnapshot s = driver.snapshots("web").get(0);
        assertEquals("before", s.name());
        assertEquals("pre 2.0", s.description());
        assertTrue(s.current(), "the VM's parent is the snapshot just taken");
        assertEquals(Boolean.FALSE, s.memory());
        assertNull(s.parent());
        assertTrue(s.created() != null && s.created().getEpochSecond() > 0, s.toString());

        assertThrows(InvalidRequestException.class, () -> driver.createSnapshot("web", "before", null), "a taken name");
        driver.createSnapshot("web", "after", null);
        List<VmSnapshot> two = driver.snapshots("web");
        VmSnapshot after = two.stream().filter(x -> x.name().equals("after")).findFirst().orElseThrow();
        assertEquals("before", after.parent());
        assertTrue(after.current());

        OpResult back = driver.revertSnapshot("web", "before");
        assertTrue(back.command().startsWith("VM.revert("), back.command());
        assertEquals(VmState.SHUTOFF, driver.details("web").state(), "a disk snapshot brings the VM back halted");
        assertTrue(driver.snapshots("web").stream().anyMatch(x -> x.name().equals("before") && x.current()));

        driver.deleteSnapshot("web", "after");
        assertEquals(1, calls("VM.destroy"));
        assertFalse(pool.findVm("after").isPresent(), "the snapshot VM is gone");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> driver.deleteSnapshot("web", "after"));
        assertEquals("xcp1: web: no snapshot named 'after' on this VM (see: virtdeck snapshot list)", e.getMessage());
    }
}
