package dev.virtdeck.vbox;

import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** show on simulated VirtualBox hosts of each format version, over real SSH. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxShowSimTest {
    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void aVmWithADiskAUartAndANatNicInOneExec(VBoxVersion v) throws Exception {
        SimHost h = SimHost.vbox("vbox1", v);
        h.addVm("web 1").memory(1024).vcpus(2).uartServer("/tmp/vd-web1.sock")
                .addController(new SimVm.Controller("SATA", "sata", "IntelAhci", 4, 30, 1, true))
                .state(VmPowerState.POWEROFF);
        sim = SimSshHost.start(h, dir);
        VBoxDriver driver = new VBoxDriver("vbox1", sim.ssh());
        driver.attachDisk("web 1", 64, Scope.current());
        int before = sim.host().commandLog().size();

        VmDetails d = driver.describe("web 1");
        assertEquals(1, sim.host().commandLog().size() - before, "one showvminfo: " + sim.host().commandLog());
        assertEquals("web 1", d.vm().name());
        assertEquals(1, d.disks().size(), d.disks().toString());
        VmDetails.Disk disk = d.disks().get(0);
        assertEquals("SATA-0-0", disk.target());
        assertEquals(DeviceKind.DISK, disk.kind());
        assertEquals("sata", disk.bus());
        assertTrue(disk.source().endsWith(".vdi"), disk.source());
        assertEquals("vdi", disk.format());
        assertEquals(1, d.nics().size());
        assertEquals("nat", d.nics().get(0).networkType());
        assertTrue(d.nics().get(0).mac().startsWith("08:00:27:"), d.nics().get(0).mac());
        assertEquals("server", d.consoles().get(0).type());
        assertEquals("/tmp/vd-web1.sock", d.consoles().get(0).path());
        assertEquals(Boolean.FALSE, d.autostart());

        String raw = driver.rawConfig("web 1");
        assertTrue(raw.contains("name=\"web 1\"\n"), raw);
        assertThrows(VmNotFoundException.class, () -> driver.describe("nope"));
        assertNull(d.disks().get(0).capacityBytes(), "sizes are not asked (a showmediuminfo per medium)");
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void aRunningVmShowsTheAddressItsGuestAdditionsReport(VBoxVersion v) throws Exception {
        SimHost h = SimHost.vbox("vbox1", v);
        h.addVm("ga").guestAdditions(true).nic("bridged", "eth0").guestAddress("192.168.56.23")
                .state(VmPowerState.RUNNING);
        h.addVm("bare").state(VmPowerState.RUNNING);
        h.addVm("off").guestAdditions(true).state(VmPowerState.POWEROFF);
        sim = SimSshHost.start(h, dir);
        VBoxDriver driver = new VBoxDriver("vbox1", sim.ssh());

        VmDetails ga = driver.describe("ga");
        assertEquals(List.of(new VmDetails.Address("192.168.56.23", 24, "ipv4", VmDetails.AddressOrigin.GUEST_METRICS)),
                ga.nics().get(0).addresses());
        assertTrue(ga.notes().stream().noneMatch(n -> n.startsWith("addresses")), ga.notes().toString());

        VmDetails bare = driver.describe("bare");
        assertEquals(List.of(), bare.nics().get(0).addresses());
        assertTrue(bare.notes().contains(VBoxShow.NO_ADDRESSES), "no Guest Additions: " + bare.notes());

        int before = sim.host().commandLog().size();
        VmDetails off = driver.describe("off");
        assertEquals(1, sim.host().commandLog().size() - before, "a VM that is off costs no guestproperty exec");
        assertTrue(off.notes().contains(VBoxShow.OFF_ADDRESSES), off.notes().toString());
    }
}
