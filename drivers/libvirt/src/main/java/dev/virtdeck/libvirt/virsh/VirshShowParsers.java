package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.libvirt.DomainDevices.Size;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parsers for the tables {@code show} reads (libvirt 9, LC_ALL=C). Their cells never hold spaces
 * (target devs, byte counts, interface names, MACs, addresses), so splitting on blanks is safe,
 * unlike the name columns of {@code virsh list}.
 */
public final class VirshShowParsers {
    private VirshShowParsers() {
    }

    /**
     * {@code domblkinfo --all} (bytes, not {@code --human}): target → capacity and allocation; a
     * drive without media prints "-" and is left out.
     */
    public static Map<String, Size> blockInfo(String text) {
        Map<String, Size> out = new LinkedHashMap<>();
        for (String[] cells : rows(text)) {
            if (cells.length < 3) continue;
            Long capacity = number(cells[1]);
            Long allocation = number(cells[2]);
            if (capacity != null || allocation != null) out.put(cells[0], new Size(capacity, allocation));
        }
        return out;
    }

    /**
     * {@code domifaddr --full} (every row names its interface and MAC): MAC (lower case) → the
     * addresses, each marked with {@code origin}; interfaces without an address ("N/A") have none.
     */
    public static Map<String, List<Address>> interfaceAddresses(String text, AddressOrigin origin) {
        Map<String, List<Address>> out = new LinkedHashMap<>();
        for (String[] cells : rows(text)) {
            if (cells.length < 4) continue; // without a MAC nothing ties the address to a NIC
            String mac = cells[1].toLowerCase(Locale.ROOT);
            List<Address> list = out.computeIfAbsent(mac, k -> new ArrayList<>());
            String family = cells[2];
            String addr = cells[3];
            if ("N/A".equals(family) || "N/A".equals(addr)) continue;
            int slash = addr.lastIndexOf('/');
            Integer prefix = null;
            if (slash > 0) {
                Long p = number(addr.substring(slash + 1));
                prefix = p == null ? null : p.intValue();
                addr = addr.substring(0, slash);
            }
            list.add(new Address(addr, prefix, family, origin));
        }
        return out;
    }

    /** @return {@code dominfo}'s Autostart line as a Boolean ("enable"/"disable"), null when absent */
    public static Boolean autostart(Map<String, String> dominfo) {
        String v = dominfo.get("Autostart");
        if (v == null) return null;
        return v.equals("enable") || v.equals("yes");
    }

    /** The rows under a table's line of dashes, split on blanks. */
    private static List<String[]> rows(String text) {
        List<String[]> out = new ArrayList<>();
        boolean body = false;
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!body) {
                body = !l.isEmpty() && l.chars().allMatch(c -> c == '-');
                continue;
            }
            if (!l.isEmpty()) out.add(l.split("\\s+"));
        }
        return out;
    }

    private static Long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
