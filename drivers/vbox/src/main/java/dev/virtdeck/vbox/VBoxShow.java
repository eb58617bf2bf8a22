package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A VM's details from its {@code showvminfo --machinereadable} keys alone (one exec): storage
 * slots per controller, {@code nicN} and friends, {@code uartN}/{@code uartmodeN},
 * {@code autostart-enabled}. Disk sizes would take a {@code showmediuminfo} per medium: not asked
 * (see the notes). Addresses come from the Guest Additions' guest properties ({@link VBoxGuestNet}),
 * read with one more exec only for a VM that runs and has a NIC.
 */
final class VBoxShow {
    static final String NO_SIZES = "disk sizes: not read (VBoxManage tells them per medium, showmediuminfo)";
    static final String OFF_ADDRESSES = "addresses: only while the VM runs (VirtualBox knows them through the"
            + " Guest Additions' guest properties)";
    static final String NO_ADDRESSES = "addresses: none reported (VirtualBox knows them only through the Guest"
            + " Additions' guest properties: are they installed and running in the guest?)";

    private VBoxShow() {
    }

    /** @return whether {@link #details} wants the guest properties: the VM runs and has a NIC */
    static boolean wantsGuestProperties(MachineInfo i) {
        return i.hasProcess() && !nics(i).isEmpty();
    }

    /**
     * @param guestProps the VM's guest properties ({@link VBoxGuestNet#parse}); null when not read
     */
    static VmDetails details(MachineInfo i, String host, java.util.Map<String, String> guestProps) {
        List<Disk> disks = disks(i);
        List<Nic> nics = nics(i);
        List<String> notes = new ArrayList<>();
        if (disks.stream().anyMatch(d -> d.source() != null)) notes.add(NO_SIZES);
        if (!nics.isEmpty() && guestProps == null) notes.add(OFF_ADDRESSES);
        if (!nics.isEmpty() && guestProps != null) {
            nics = VBoxGuestNet.withAddresses(nics, VBoxGuestNet.interfaces(guestProps));
            if (nics.stream().allMatch(n -> n.addresses().isEmpty())) notes.add(NO_ADDRESSES);
        }
        String auto = i.get("autostart-enabled");
        return new VmDetails(i.toVmInfo(host), disks, nics, consoles(i), auto == null ? null : "on".equals(auto), notes);
    }

    /** Every occupied slot: a medium path, or an empty DVD drive ({@code emptydrive}). */
    static List<Disk> disks(MachineInfo i) {
        List<Disk> out = new ArrayList<>();
        for (MachineInfo.Controller c : i.controllers()) {
            for (int p = 0; p < c.portCount(); p++) {
                for (int d = 0; d < 2; d++) {
                    String slot = i.slot(c.name(), p, d);
                    if (slot == null || "none".equals(slot)) continue;
                    boolean empty = "emptydrive".equals(slot);
                    boolean dvd = empty || i.get(c.name() + "-IsEjected-" + p + "-" + d) != null
                            || slot.toLowerCase(Locale.ROOT).endsWith(".iso");
                    out.add(new Disk(c.name() + "-" + p + "-" + d, dvd ? DeviceKind.CDROM : DeviceKind.DISK, bus(c.type()),
                            empty ? null : slot, empty ? null : format(slot), null, null, dvd));
                }
            }
        }
        return out;
    }

    /** The bus of a controller type (VirtualBox's StorageControllerType names). */
    static String bus(String type) {
        if (type == null) return null;
        return switch (type) {
            case "PIIX3", "PIIX4", "ICH6" -> "ide";
            case "IntelAhci" -> "sata";
            case "LsiLogic", "BusLogic" -> "scsi";
            case "LsiLogicSas" -> "sas";
            case "I82078" -> "floppy";
            case "NVMe" -> "nvme";
            case "VirtIO" -> "virtio";
            case "USB" -> "usb";
            default -> type;
        };
    }

    private static String format(String path) {
        int dot = path.lastIndexOf('.');
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return dot > slash && dot < path.length() - 1 ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : null;
    }

    /** {@code nic1..nic8} other than {@code none}, with what they attach to. */
    static List<Nic> nics(MachineInfo i) {
        List<Nic> out = new ArrayList<>();
        for (int n = 1; n <= 8; n++) {
            String type = i.get("nic" + n);
            if (type == null || "none".equals(type)) continue;
            String network = switch (type) {
                case "bridged" -> i.get("bridgeadapter" + n);
                case "hostonly" -> i.get("hostonlyadapter" + n);
                case "intnet" -> i.get("intnet" + n);
                case "natnetwork" -> i.get("nat-network" + n);
                case "generic" -> i.get("generic" + n);
                default -> null;
            };
            out.add(new Nic(mac(i.get("macaddress" + n)), type, network, i.get("nictype" + n), null, List.of()));
        }
        return out;
    }

    /** {@code 080027EE1DF7} → {@code 08:00:27:ee:1d:f7}. */
    static String mac(String raw) {
        if (raw == null || raw.length() != 12) return raw;
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 12; k += 2) {
            if (k > 0) sb.append(':');
            sb.append(raw, k, k + 2);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /** {@code uartN} other than off: its mode and path ({@code server,/path}: split at the first comma only). */
    static List<Console> consoles(MachineInfo i) {
        List<Console> out = new ArrayList<>();
        for (int n = 1; n <= 4; n++) {
            String uart = i.get("uart" + n);
            if (uart == null || "off".equals(uart)) continue;
            String mode = i.get("uartmode" + n);
            String type = mode;
            String path = null;
            if (mode != null) {
                int comma = mode.indexOf(',');
                if (comma >= 0) {
                    type = mode.substring(0, comma);
                    path = mode.substring(comma + 1);
                }
            }
            out.add(new Console("uart", type, "COM" + n + " (" + uart + ")", path));
        }
        return out;
    }
}
