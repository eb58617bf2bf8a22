package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;
import dev.virtdeck.testlab.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** show from recorded {@code showvminfo --machinereadable} outputs. */
class VBoxShowTest {

    private static MachineInfo recorded(String file, String section) {
        String text = section == null ? Reference.output("vboxmanage/" + file) : Reference.section("vboxmanage/" + file, section);
        return VBoxParsers.machineReadable(text, VBoxVersion.parse("5.2.44r139111"));
    }

    @Test
    void theFull52RecordingHasASataDiskANatNicAndNoUart() {
        VmDetails d = VBoxShow.details(recorded("showvminfo-machinereadable-saved-5.2-full.txt", null), "mac1", null);
        assertEquals(List.of(new Disk("SATA Controller-0-0", DeviceKind.DISK, "sata",
                "/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk", "vmdk", null, null, false)),
                d.disks(), "the four empty IDE slots are not disks");
        assertEquals(List.of(new Nic("08:00:27:ee:1d:f7", "nat", null, "82540EM", null, List.of())), d.nics());
        assertEquals(List.of(), d.consoles());
        assertEquals(Boolean.FALSE, d.autostart());
        assertEquals(List.of(VBoxShow.NO_SIZES, VBoxShow.OFF_ADDRESSES), d.notes());
        assertEquals("Ubuntu", d.vm().name());
    }

    @Test
    void uartModesSplitAtTheFirstCommaOnly() {
        MachineInfo server = recorded("showvminfo-machinereadable-uart.txt", "(a)");
        assertEquals(List.of(new Console("uart", "server", "COM1 (0x03f8,4)",
                "/Users/simon/Library/Application Support/VRouter/serial")), VBoxShow.consoles(server));
        MachineInfo file = recorded("showvminfo-machinereadable-uart.txt", "(b)");
        assertEquals("file", VBoxShow.consoles(file).get(0).type());
    }

    // RECONSTRUCTED lines (manual's example shape before 7.0; the 7.0 shape), not recorded
    static final String OLD_FORMAT = """
            Name: /VirtualBox/GuestInfo/OS/Product, value: Linux, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/0/V4/IP, value: 192.168.56.7, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/0/V4/Netmask, value: 255.255.255.0, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/0/MAC, value: 080027000002, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/0/Status, value: Up, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/1/V4/IP, value: 10.0.2.15, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/1/V4/Netmask, value: 255.255.255.0, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/1/MAC, value: 080027EE1DF7, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/1/Status, value: Up, timestamp: 1765100000000000000, flags:
            Name: /VirtualBox/GuestInfo/Net/Count, value: 2, timestamp: 1765100000000000000, flags:
            """;
    static final String NEW_FORMAT = """
            /VirtualBox/GuestInfo/Net/0/V4/IP = '10.0.2.15' @ 2026-12-07T10:00:00.000000000Z
            /VirtualBox/GuestInfo/Net/0/V4/Netmask = '255.255.0.0' @ 2026-12-07T10:00:00.000000000Z
            /VirtualBox/GuestInfo/Net/0/MAC = '080027EE1DF7' @ 2026-12-07T10:00:00.000000000Z
            /VirtualBox/GuestInfo/Net/0/Status = 'Up' @ 2026-12-07T10:00:00.000000000Z
            /VirtualBox/GuestInfo/Net/Count = '1' @ 2026-12-07T10:00:00.000000000Z TRANSIENT, RDONLYGUEST
            """;

    @Test
    void guestAddressesGoToTheNicWithTheirMacInEitherFormat() {
        Nic nic = new Nic("08:00:27:ee:1d:f7", "nat", null, "82540EM", null, List.of());
        List<Nic> old = VBoxGuestNet.withAddresses(List.of(nic),
                VBoxGuestNet.interfaces(VBoxGuestNet.parse(OLD_FORMAT)));
        assertEquals(List.of(new VmDetails.Address("10.0.2.15", 24, "ipv4", VmDetails.AddressOrigin.GUEST_METRICS)),
                old.get(0).addresses(), "the other interface's MAC is not this NIC's");
        List<Nic> now = VBoxGuestNet.withAddresses(List.of(nic),
                VBoxGuestNet.interfaces(VBoxGuestNet.parse(NEW_FORMAT)));
        assertEquals(List.of(new VmDetails.Address("10.0.2.15", 16, "ipv4", VmDetails.AddressOrigin.GUEST_METRICS)),
                now.get(0).addresses());
        assertEquals("2", VBoxGuestNet.parse(OLD_FORMAT).get("/VirtualBox/GuestInfo/Net/Count"));
    }

    @Test
    void netmasksBecomePrefixesOnlyWhenContiguous() {
        assertEquals(24, VBoxGuestNet.prefix("255.255.255.0"));
        assertEquals(0, VBoxGuestNet.prefix("0.0.0.0"));
        assertEquals(32, VBoxGuestNet.prefix("255.255.255.255"));
        assertEquals(null, VBoxGuestNet.prefix("255.0.255.0"));
        assertEquals(null, VBoxGuestNet.prefix("nonsense"));
    }

    @Test
    void busesAndMacs() {
        assertEquals("ide", VBoxShow.bus("PIIX4"));
        assertEquals("sata", VBoxShow.bus("IntelAhci"));
        assertEquals("nvme", VBoxShow.bus("NVMe"));
        assertEquals("08:00:27:ee:1d:f7", VBoxShow.mac("080027EE1DF7"));
    }
}
