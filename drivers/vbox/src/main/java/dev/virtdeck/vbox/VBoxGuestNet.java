package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.AddressOrigin;
import dev.virtdeck.driver.VmDetails.Nic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running VM's addresses as its Guest Additions report them: {@code guestproperty enumerate VM}
 * lists {@code /VirtualBox/GuestInfo/Net/N/V4/IP}, {@code .../V4/Netmask}, {@code .../MAC} and
 * {@code .../Status} per guest interface N (the guest's numbering, not the NIC slot: matched to
 * NICs by MAC). RECONSTRUCTED from the VirtualBox manual (Guest Properties; VBoxManage
 * guestproperty), not recorded: before 7.0 a line is {@code Name: KEY, value: V, timestamp: T,
 * flags: F}; 7.0 prints {@code KEY = 'V' @ TIME [FLAGS]} (its {@code --old-format} gives the old
 * one). Both are read.
 */
final class VBoxGuestNet {
    private static final Pattern OLD = Pattern.compile("^Name: (\\S+), value: (.*), timestamp: \\d+, flags: ?.*$");
    private static final Pattern NEW = Pattern.compile("^(/\\S+) = '(.*)' @ \\S+.*$");
    private static final Pattern NET = Pattern.compile("^/VirtualBox/GuestInfo/Net/(\\d+)/(V4/IP|V4/Netmask|MAC|Status)$");

    private VBoxGuestNet() {
    }

    /** @return property name to value, for the lines of either format (others are skipped) */
    static Map<String, String> parse(String stdout) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            String l = line.strip();
            Matcher m = OLD.matcher(l);
            if (!m.matches()) m = NEW.matcher(l);
            if (m.matches()) out.put(m.group(1), m.group(2));
        }
        return out;
    }

    /** One interface the guest reports. */
    record GuestIf(String mac, String ip, Integer prefix, boolean up) {
    }

    /** The guest's interfaces with an IPv4 address, in its order. */
    static List<GuestIf> interfaces(Map<String, String> props) {
        Map<Integer, Map<String, String>> byIf = new LinkedHashMap<>();
        props.forEach((k, v) -> {
            Matcher m = NET.matcher(k);
            if (m.matches()) byIf.computeIfAbsent(Integer.parseInt(m.group(1)), x -> new LinkedHashMap<>()).put(m.group(2), v);
        });
        List<GuestIf> out = new ArrayList<>();
        byIf.keySet().stream().sorted().forEach(n -> {
            Map<String, String> p = byIf.get(n);
            String ip = p.get("V4/IP");
            if (ip == null || ip.isBlank() || "0.0.0.0".equals(ip)) return;
            out.add(new GuestIf(VBoxShow.mac(p.get("MAC")), ip, prefix(p.get("V4/Netmask")),
                    !"Down".equalsIgnoreCase(p.getOrDefault("Status", "Up"))));
        });
        return out;
    }

    /**
     * The NICs with the addresses of the guest interfaces whose MAC is theirs; a single NIC also
     * takes a single interface that reports no MAC (older Guest Additions).
     */
    static List<Nic> withAddresses(List<Nic> nics, List<GuestIf> ifs) {
        List<Nic> out = new ArrayList<>();
        for (Nic nic : nics) {
            List<Address> addrs = new ArrayList<>();
            for (GuestIf g : ifs) {
                boolean mine = g.mac() != null ? g.mac().equalsIgnoreCase(String.valueOf(nic.mac()))
                        : nics.size() == 1 && ifs.size() == 1;
                if (mine && g.up()) addrs.add(new Address(g.ip(), g.prefix(), "ipv4", AddressOrigin.GUEST_METRICS));
            }
            out.add(addrs.isEmpty() ? nic : nic.withAddresses(addrs));
        }
        return out;
    }

    /** {@code 255.255.255.0} → 24; null when it is no contiguous mask. */
    static Integer prefix(String netmask) {
        if (netmask == null) return null;
        String[] parts = netmask.strip().split("\\.");
        if (parts.length != 4) return null;
        long bits = 0;
        try {
            for (String p : parts) {
                int b = Integer.parseInt(p);
                if (b < 0 || b > 255) return null;
                bits = bits << 8 | b;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        int len = Long.bitCount(bits);
        long expect = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        return bits == expect ? len : null;
    }
}
