package dev.virtdeck.driver;

import java.util.List;
import java.util.Locale;

/**
 * One VM in full, as {@code show} and the TUI's details pane present it: the listed facts plus its
 * devices. Boxed fields are null when the hypervisor does not tell (or, for {@code autostart}, when
 * the kind has no such thing); lists are empty, never null.
 *
 * @param vm        the facts {@code list} shows
 * @param disks     block devices, in the hypervisor's order
 * @param nics      network interfaces, in the hypervisor's order
 * @param consoles  serial and console devices a text console can reach
 * @param autostart the VM starts when the host boots; null when the kind has no such setting
 * @param notes     what could not be read and why (e.g. addresses without a guest agent), for display
 */
public record VmDetails(VmInfo vm, List<Disk> disks, List<Nic> nics, List<Console> consoles, Boolean autostart,
                        List<String> notes) {

    public VmDetails {
        disks = List.copyOf(disks);
        nics = List.copyOf(nics);
        consoles = List.copyOf(consoles);
        notes = List.copyOf(notes);
    }

    /** What a disk is to the guest. */
    public enum DeviceKind {
        DISK, CDROM, FLOPPY, LUN, OTHER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One block device.
     *
     * @param target          the guest-side name or slot (vda, hdc, SATA-0-0, xvda, userdevice 0)
     * @param kind            disk, cdrom, ...
     * @param bus             virtio, sata, ide, scsi, xen, ...; null when unknown
     * @param source          the file, block device or volume behind it; null for an empty drive
     * @param format          qcow2, raw, vdi, vhd, ...; null when unknown
     * @param capacityBytes   the size the guest sees; null when unknown
     * @param allocationBytes the bytes the host has allocated for it; null when unknown
     * @param readOnly        the guest cannot write to it
     */
    public record Disk(String target, DeviceKind kind, String bus, String source, String format, Long capacityBytes,
                       Long allocationBytes, boolean readOnly) {
    }

    /** Where an address came from: each source knows different interfaces and ages differently. */
    public enum AddressOrigin {
        /** the DHCP server of the hypervisor's own network (libvirt's dnsmasq) */
        LEASE,
        /** a guest agent inside the VM (qemu-guest-agent) */
        AGENT,
        /** the host's ARP table */
        ARP,
        /** what the guest's tools report to the hypervisor (XAPI VM_guest_metrics, VirtualBox guest properties) */
        GUEST_METRICS;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One IP address of a NIC.
     *
     * @param address the address, without prefix
     * @param prefix  the prefix length; null when unknown
     * @param family  {@code ipv4} or {@code ipv6}
     */
    public record Address(String address, Integer prefix, String family, AddressOrigin origin) {
        /** @return {@code 192.0.2.7/24}, or the bare address when the prefix is unknown */
        public String withPrefix() {
            return prefix == null ? address : address + "/" + prefix;
        }
    }

    /**
     * One network interface.
     *
     * @param mac         its MAC address, lower case; null when unknown
     * @param networkType what it is plugged into: {@code network}, {@code bridge}, {@code nat}, {@code direct}, ...
     * @param network     the network's or bridge's name; null when the type has none (user networking)
     * @param model       the emulated device (virtio, e1000, 82540EM, netfront, ...); null when unknown
     * @param device      the host-side device (vnet0, vif1.0); null when not running or unknown
     * @param addresses   its addresses, where the hypervisor can know them
     */
    public record Nic(String mac, String networkType, String network, String model, String device,
                      List<Address> addresses) {
        public Nic {
            addresses = List.copyOf(addresses);
        }

        public Nic withAddresses(List<Address> more) {
            return new Nic(mac, networkType, network, model, device, more);
        }
    }

    /**
     * A device a text console can reach.
     *
     * @param kind   {@code serial}, {@code console}, {@code uart}
     * @param type   how the host exposes it: {@code pty}, {@code unix}, {@code tcp}, {@code file}, ...
     * @param target the guest side: {@code serial 0}, {@code virtio 0}, {@code COM1}
     * @param path   the host-side path or address when known (a pty, a socket); null otherwise
     */
    public record Console(String kind, String type, String target, String path) {
    }
}
