package dev.virtdeck.xen;

import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** show on a simulated xl host: a running domain from xl list -l, one that is off from its config. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlShowSimTest {
    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    private XlDriver driver(Toolstack tool) throws Exception {
        SimHost h = SimHost.of(tool == Toolstack.XL ? HostKind.XEN : HostKind.XM, "xen1").cpus(2).memoryMb(2048)
                .dom0MemoryMb(1024);
        h.acpiShutdownDelay(Duration.ofMillis(200));
        h.addXenGuest("domu", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        h.addXenGuest("off", 128, 128, 1, 1);
        h.files().putImage("/var/lib/xen/images/domu/vmlinuz", 5 << 20);
        h.addTool("/usr/bin/qemu-img");
        sim = SimSshHost.start(h, dir);
        return new XlDriver(h.hostname(), sim.ssh(), tool, null, null, false);
    }

    @Test
    void aRunningDomainShowsItsBlockAttachedDiskFromXlListLong() throws Exception {
        XlDriver d = driver(Toolstack.XL);
        d.attachDisk("domu", 16, Scope.current());
        VmDetails v = d.describe("domu");
        assertEquals("domu", v.vm().name());
        assertEquals(1, v.disks().size(), v.disks().toString());
        assertEquals("xvdb", v.disks().get(0).target());
        assertEquals(DeviceKind.DISK, v.disks().get(0).kind());
        assertEquals("xen", v.disks().get(0).bus());
        assertEquals("/var/lib/xen/images/domu/domu-xvdb.img", v.disks().get(0).source());
        assertEquals("console", v.consoles().get(0).kind(), "a PV guest's console");
        assertEquals(Boolean.FALSE, v.autostart(), "its config is not linked in /etc/xen/auto");
        String raw = d.rawConfig("domu");
        assertTrue(raw.strip().startsWith("[") && raw.contains("\"domid\""), raw);
        assertTrue(sim.host().commandLog().stream().anyMatch(l -> l.endsWith("xl list -l domu")), sim.host().commandLog().toString());
    }

    @Test
    void aDomainThatIsOffShowsItsConfigFile() throws Exception {
        XlDriver d = driver(Toolstack.XL);
        VmDetails v = d.describe("off");
        assertEquals("off", v.vm().name());
        String raw = d.rawConfig("off");
        assertTrue(raw.contains("name = \"off\"") || raw.contains("name=\"off\"") || raw.contains("\"off\""), raw);
        assertThrows(VmNotFoundException.class, () -> d.describe("nosuch"));
    }

    @Test
    void xmHostsSayShowIsNotOffered() throws Exception {
        XlDriver d = driver(Toolstack.XM);
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> d.describe("domu"));
        assertEquals("show is not supported: not offered for xm hosts", e.detail());
    }
}
