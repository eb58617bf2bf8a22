package dev.virtdeck.xapi;

import com.xensource.xenapi.Types;
import com.xensource.xenapi.VBD;
import com.xensource.xenapi.VDI;
import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * XAPI records as show's devices: a VBD (and its VDI) as a disk, the {@code networks} map of
 * {@code VM_guest_metrics} (what the guest's tools report: {@code 0/ip}, {@code 0/ipv4/0},
 * {@code 0/ipv6/1}, keyed by the VIF's device number) as addresses.
 */
final class XapiShow {
    private XapiShow() {
    }

    /** @param vdi the VDI's record, null for an empty drive */
    static Disk disk(VBD.Record b, VDI.Record vdi) {
        DeviceKind kind = b.type == Types.VbdType.CD ? DeviceKind.CDROM
                : b.type == Types.VbdType.FLOPPY ? DeviceKind.FLOPPY : DeviceKind.DISK;
        String target = b.device != null && !b.device.isEmpty() ? b.device : "userdevice " + b.userdevice;
        String bus = b.device == null || b.device.isEmpty() ? null
                : b.device.startsWith("xvd") ? "xen" : b.device.startsWith("hd") ? "ide" : null;
        String source = vdi == null ? null : vdi.nameLabel != null && !vdi.nameLabel.isEmpty() ? vdi.nameLabel : vdi.uuid;
        return new Disk(target, kind, bus, source, null, vdi == null ? null : vdi.virtualSize,
                vdi == null ? null : vdi.physicalUtilisation, b.mode == Types.VbdMode.RO);
    }

    /**
     * @param networks {@code VM_guest_metrics.networks}
     * @return VIF device number → its addresses, in key order (ipv4 before ipv6, by index); the
     *         legacy {@code N/ip} key only when no {@code N/ipv4/M} says the same
     */
    static Map<String, List<Address>> addresses(Map<String, String> networks) {
        Map<String, List<Address>> out = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(networks).entrySet()) {
            String[] k = e.getKey().split("/");
            String ip = e.getValue() == null ? "" : e.getValue().strip();
            if (k.length < 2 || ip.isEmpty()) continue;
            List<Address> list = out.computeIfAbsent(k[0], x -> new ArrayList<>());
            if (list.stream().anyMatch(a -> a.address().equals(ip))) continue;
            list.add(new Address(ip, null, ip.contains(":") ? "ipv6" : "ipv4", AddressOrigin.GUEST_METRICS));
        }
        return out;
    }

    /** {@code other_config:auto_poweron} (the pool's own auto_poweron must be on too). */
    static boolean autostart(Map<String, String> otherConfig) {
        return otherConfig != null && "true".equals(String.valueOf(otherConfig.get("auto_poweron")).toLowerCase(Locale.ROOT));
    }
}
