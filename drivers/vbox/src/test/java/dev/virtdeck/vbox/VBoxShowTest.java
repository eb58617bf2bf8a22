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
        VmDetails d = VBoxShow.details(recorded("showvminfo-machinereadable-saved-5.2-full.txt", null), "mac1");
        assertEquals(List.of(new Disk("SATA Controller-0-0", DeviceKind.DISK, "sata",
                "/Users/fix/VirtualBox VMs/go-virtualbox/ubuntu-16.04-amd64-disk001.vmdk", "vmdk", null, null, false)),
                d.disks(), "the four empty IDE slots are not disks");
        assertEquals(List.of(new Nic("08:00:27:ee:1d:f7", "nat", null, "82540EM", null, List.of())), d.nics());
        assertEquals(List.of(), d.consoles());
        assertEquals(Boolean.FALSE, d.autostart());
        assertEquals(List.of(VBoxShow.NO_SIZES, VBoxShow.NO_ADDRESSES), d.notes());
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

    @Test
    void busesAndMacs() {
        assertEquals("ide", VBoxShow.bus("PIIX4"));
        assertEquals("sata", VBoxShow.bus("IntelAhci"));
        assertEquals("nvme", VBoxShow.bus("NVMe"));
        assertEquals("08:00:27:ee:1d:f7", VBoxShow.mac("080027EE1DF7"));
    }
}
