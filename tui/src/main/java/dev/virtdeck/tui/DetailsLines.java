package dev.virtdeck.tui;

import dev.virtdeck.driver.VmDetails;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The device lines of the details pane (enter): autostart, disks, NICs with addresses, consoles, notes. */
public final class DetailsLines {
    private DetailsLines() {
    }

    /** @return the lines for {@code d}, after the VM's listed facts */
    public static List<String> of(VmDetails d) {
        List<String> out = new ArrayList<>();
        out.add("autostart: " + (d.autostart() == null ? "n/a" : d.autostart() ? "yes" : "no"));
        out.add("disks:" + (d.disks().isEmpty() ? " none" : ""));
        for (VmDetails.Disk k : d.disks()) {
            out.add("  " + or(k.target()) + "  " + k.kind().label() + (k.readOnly() ? " (ro)" : "") + "  " + or(k.bus())
                    + "  " + (k.source() == null ? "(empty)" : k.source()) + (k.format() == null ? "" : "  " + k.format())
                    + (k.capacityBytes() == null ? "" : "  " + bytes(k.capacityBytes()))
                    + (k.allocationBytes() == null ? "" : " (allocated " + bytes(k.allocationBytes()) + ")"));
        }
        out.add("NICs:" + (d.nics().isEmpty() ? " none" : ""));
        for (VmDetails.Nic n : d.nics()) {
            List<String> addrs = n.addresses().stream().map(a -> a.withPrefix() + " (" + a.origin().label() + ")").toList();
            out.add("  " + or(n.mac()) + "  " + or(n.networkType()) + (n.network() == null ? "" : " " + n.network())
                    + "  " + or(n.model()) + (n.device() == null ? "" : "  " + n.device())
                    + "  addresses: " + (addrs.isEmpty() ? "none known" : String.join(", ", addrs)));
        }
        out.add("consoles:" + (d.consoles().isEmpty() ? " none" : ""));
        for (VmDetails.Console c : d.consoles()) {
            out.add("  " + c.kind() + "  " + or(c.type()) + "  " + or(c.target()) + (c.path() == null ? "" : "  " + c.path()));
        }
        for (String note : d.notes()) out.add("note: " + note);
        return out;
    }

    /** @return bytes in binary units with one decimal, e.g. "64.0 MiB"; null when unknown */
    public static String bytes(Long n) {
        if (n == null) return null;
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String or(String s) {
        return s == null ? "?" : s;
    }
}
