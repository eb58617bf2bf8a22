package dev.virtdeck.xapi;

import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.driver.VmDetails.DeviceKind;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** show on the simulated XAPI pool: VBDs with their VDIs' sizes, VIFs on networks, guest-metrics addresses. */
@Timeout(120)
class XapiShowSimTest {
    @TempDir
    Path dir;
    SimXapiPool pool;
    SimSshHost onMaster;
    XapiDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        pool = SimXapiPool.create("lab-pool");
        SimHost master = pool.addHost("xcp-a", true);
        pool.addVm("off").memoryMb(256);
        pool.addVm("web").memoryMb(256).state(XapiPowerState.RUNNING).residentOn(master)
                .vif("Pool-wide network associated with eth0", "AA:BB:CC:00:00:01").vif("backend", "aa:bb:cc:00:00:02")
                .guestNetworks(Map.of("0/ip", "192.0.2.7", "0/ipv4/0", "192.0.2.7", "0/ipv6/0", "2001:db8::7"));
        onMaster = SimSshHost.start(master, dir);
        driver = new XapiDriver("xcp-a", onMaster.ssh(), false);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) driver.close();
        if (onMaster != null) onMaster.close();
    }

    @Test
    void anAttachedDiskShowsWithItsVdiSize() {
        driver.attachDisk("off", 64, Scope.current());
        VmDetails d = driver.describe("off");
        assertEquals("off", d.vm().name());
        assertEquals(1, d.disks().size(), d.disks().toString());
        VmDetails.Disk disk = d.disks().get(0);
        assertEquals(DeviceKind.DISK, disk.kind());
        assertEquals(64L << 20, disk.capacityBytes());
        assertFalse(disk.readOnly());
        assertEquals(Boolean.FALSE, d.autostart());
        assertEquals(List.of(), d.nics());
        assertTrue(driver.rawConfig("off").contains(d.vm().uuid()), "the VM record");
    }

    @Test
    void nicsWithTheirNetworksAndTheAddressesTheGuestReports() {
        VmDetails d = driver.describe("web");
        assertEquals(2, d.nics().size(), d.nics().toString());
        VmDetails.Nic eth0 = d.nics().stream().filter(n -> n.mac().equals("aa:bb:cc:00:00:01")).findFirst().orElseThrow();
        assertEquals("network", eth0.networkType());
        assertEquals("Pool-wide network associated with eth0", eth0.network());
        assertEquals(List.of(new Address("192.0.2.7", null, "ipv4", AddressOrigin.GUEST_METRICS),
                new Address("2001:db8::7", null, "ipv6", AddressOrigin.GUEST_METRICS)), eth0.addresses());
        VmDetails.Nic backend = d.nics().stream().filter(n -> n.mac().equals("aa:bb:cc:00:00:02")).findFirst().orElseThrow();
        assertEquals("backend", backend.network());
        assertEquals(List.of(), backend.addresses(), "the guest reports nothing for VIF 1");
        assertEquals(List.of(), d.notes());
    }

    @Test
    void aRunningGuestWithoutToolsSaysItsAddressesAreUnknown() {
        pool.addVm("bare").memoryMb(256).state(XapiPowerState.RUNNING).vif("backend", "aa:bb:cc:00:00:03");
        VmDetails d = driver.describe("bare");
        assertEquals(List.of("addresses: the guest reports none (no guest tools: VM_guest_metrics is not set)"), d.notes());
    }

    @Test
    void guestMetricsAddressesByVifDeviceLegacyKeyOnce() {
        Map<String, List<Address>> a = XapiShow.addresses(Map.of("0/ip", "192.0.2.7", "0/ipv4/0", "192.0.2.7",
                "0/ipv6/0", "2001:db8::7", "1/ipv4/0", "198.51.100.9"));
        assertEquals(List.of(new Address("192.0.2.7", null, "ipv4", AddressOrigin.GUEST_METRICS),
                new Address("2001:db8::7", null, "ipv6", AddressOrigin.GUEST_METRICS)), a.get("0"));
        assertEquals(1, a.get("1").size());
        assertTrue(XapiShow.autostart(Map.of("auto_poweron", "true")));
        assertFalse(XapiShow.autostart(Map.of()));
    }
}
