package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.libvirt.DomainDevices.Size;
import dev.virtdeck.testlab.Reference;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The tables show reads, from recorded outputs (and reconstructed ones for what the lab cannot show: IPv6, an agent). */
class VirshShowParsersTest {

    @Test
    void blockInfoKeepsDisksWithSizesAndDropsAnEmptyDrive() {
        assertEquals(Map.of("vda", new Size(67108864L, 200704L)),
                VirshShowParsers.blockInfo(Reference.stdout("domblkinfo-all-disk-cdrom")));
    }

    @Test
    void blockInfoOfADomainWithoutDisksIsEmpty() {
        assertEquals(Map.of(), VirshShowParsers.blockInfo(" Target   Capacity   Allocation   Physical\n"
                + "--------------------------------------------\n\n"));
    }

    @Test
    void leasesByMacWithPrefixAndFamily() {
        Map<String, List<Address>> m = VirshShowParsers.interfaceAddresses(
                Reference.stdout("domifaddr-lease-full-reconstructed"), AddressOrigin.LEASE);
        assertEquals(List.of(new Address("192.0.2.83", 24, "ipv4", AddressOrigin.LEASE),
                new Address("2001:db8::5a", 64, "ipv6", AddressOrigin.LEASE)), m.get("52:54:00:4b:0e:b3"));
        assertEquals(List.of(), m.get("52:54:00:11:22:33"), "N/A: an interface without address");
    }

    @Test
    void aRecordedLeaseWithAndWithoutFull() {
        Address leased = new Address("192.168.122.89", 24, "ipv4", AddressOrigin.LEASE);
        assertEquals(Map.of("52:54:00:c7:c9:39", List.of(leased)),
                VirshShowParsers.interfaceAddresses(Reference.stdout("domifaddr-lease-full"), AddressOrigin.LEASE));
        assertEquals(Map.of("52:54:00:c7:c9:39", List.of(leased)),
                VirshShowParsers.interfaceAddresses(Reference.stdout("domifaddr-lease"), AddressOrigin.LEASE),
                "one address per NIC: the same without --full");
    }

    @Test
    void agentMacsAreLowerCasedToMatchTheXml() {
        Map<String, List<Address>> m = VirshShowParsers.interfaceAddresses(
                Reference.stdout("domifaddr-agent-full-reconstructed"), AddressOrigin.AGENT);
        assertEquals(List.of(new Address("198.51.100.17", 24, "ipv4", AddressOrigin.AGENT)), m.get("52:54:00:4b:0e:b3"));
        assertEquals(2, m.get("00:00:00:00:00:00").size(), "loopback is there; no NIC has its MAC");
    }

    @Test
    void autostartFromDominfo() {
        Map<String, String> info = VirshParsers.keyValues(Reference.stdout("dominfo-autostart-disable"));
        assertEquals(Boolean.FALSE, VirshShowParsers.autostart(info));
        assertEquals(Boolean.TRUE, VirshShowParsers.autostart(Map.of("Autostart", "enable")));
        assertNull(VirshShowParsers.autostart(Map.of()));
    }

    @Test
    void namesAreSingleQuotedForVirshsOwnParser() {
        assertEquals("'it'\\''s; x'", VirshDriver.virshQuote("it's; x"));
    }
}
