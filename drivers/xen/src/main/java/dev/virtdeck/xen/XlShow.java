package dev.virtdeck.xen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The devices {@code show} reports for an xl domain: from its {@code xl list -l DOM} entry when it
 * runs (what libxl holds, block-attached disks included), else from its config file's
 * {@code disk}, {@code vif} and {@code serial} lines. xl knows no guest addresses: there is no
 * lease and no agent channel.
 */
final class XlShow {
    static final String NO_ADDRESSES = "addresses: unknown (xl has no DHCP leases and no guest agent)";

    /** Devices of one domain. */
    record Devices(List<Disk> disks, List<Nic> nics, List<Console> consoles) {
    }

    private XlShow() {
    }

    /** From the {@code config} object of one {@code xl list -l} entry. */
    static Devices fromJson(JsonNode config) {
        List<Disk> disks = new ArrayList<>();
        for (JsonNode d : config.path("disks")) {
            String vdev = text(d, "vdev");
            boolean cdrom = d.path("is_cdrom").asInt(0) == 1 || "True".equals(text(d, "is_cdrom"));
            boolean ro = d.has("readwrite") && d.path("readwrite").asInt(1) == 0;
            String path = text(d, "pdev_path");
            disks.add(new Disk(vdev, cdrom ? DeviceKind.CDROM : DeviceKind.DISK, bus(vdev, text(d, "backend")),
                    path == null || path.isEmpty() ? null : path, text(d, "format"), null, null, ro || cdrom));
        }
        List<Nic> nics = new ArrayList<>();
        for (JsonNode n : config.path("nics")) {
            String mac = text(n, "mac");
            nics.add(new Nic(mac == null ? null : mac.toLowerCase(Locale.ROOT), "bridge", text(n, "bridge"),
                    model(text(n, "model"), text(n, "nictype")), null, List.of()));
        }
        List<Console> consoles = new ArrayList<>();
        String type = text(config.path("c_info"), "type");
        if (!"hvm".equals(type)) consoles.add(new Console("console", "pty", "xen pv 0", null));
        String serial = text(config.path("b_info").path("type.hvm"), "serial");
        if (serial != null) consoles.add(new Console("serial", serial, "serial 0", null));
        return new Devices(disks, nics, consoles);
    }

    /** From a config file: {@code disk = [...]}, {@code vif = [...]}, {@code serial}, {@code type}. */
    static Devices fromConfig(XlConfig cfg) {
        List<Disk> disks = new ArrayList<>();
        for (String spec : cfg.list("disk")) {
            Map<String, String> kv = diskSpec(spec);
            String vdev = kv.get("vdev");
            boolean cdrom = "cdrom".equals(kv.get("devtype"));
            String access = kv.getOrDefault("access", "rw");
            boolean ro = access.startsWith("r") && !access.equals("rw") || cdrom;
            String format = kv.get("format");
            disks.add(new Disk(vdev, cdrom ? DeviceKind.CDROM : DeviceKind.DISK, bus(vdev, null),
                    XlConfig.diskTarget(spec), format, null, null, ro));
        }
        List<Nic> nics = new ArrayList<>();
        for (String spec : cfg.list("vif")) {
            Map<String, String> kv = pairs(spec);
            String mac = kv.get("mac");
            nics.add(new Nic(mac == null ? null : mac.toLowerCase(Locale.ROOT), "bridge", kv.get("bridge"),
                    model(kv.get("model"), kv.get("type")), null, List.of()));
        }
        List<Console> consoles = new ArrayList<>();
        boolean hvm = "hvm".equals(cfg.string("type")) || "hvm".equals(cfg.string("builder"));
        if (!hvm) consoles.add(new Console("console", "pty", "xen pv 0", null));
        if (cfg.string("serial") != null) consoles.add(new Console("serial", cfg.string("serial"), "serial 0", null));
        return new Devices(disks, nics, consoles);
    }

    /**
     * A disk spec's keys: {@code key=value} items, or the positional {@code TARGET,VDEV,ACCESS}
     * form (xl-disk-configuration); {@code target=} takes the rest of the spec.
     */
    static Map<String, String> diskSpec(String spec) {
        String first = spec.split(",", -1)[0].strip();
        if (!first.contains("=")) {
            Map<String, String> kv = new LinkedHashMap<>();
            String[] parts = spec.split(",", -1);
            if (parts.length > 1) kv.put("vdev", parts[1].strip().replace(":cdrom", ""));
            if (parts.length > 1 && parts[1].contains(":cdrom")) kv.put("devtype", "cdrom");
            if (parts.length > 2) kv.put("access", parts[2].strip());
            return kv;
        }
        int t = spec.indexOf("target=");
        return pairs(t >= 0 ? spec.substring(0, t) : spec);
    }

    private static Map<String, String> pairs(String spec) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (String item : spec.split(",")) {
            int eq = item.indexOf('=');
            if (eq > 0) kv.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
        }
        return kv;
    }

    /** xvd* = Xen PV block; hd* = emulated IDE; sd* = emulated SCSI. */
    private static String bus(String vdev, String backend) {
        if (vdev == null) return backend;
        if (vdev.startsWith("xvd")) return "xen";
        if (vdev.startsWith("hd")) return "ide";
        if (vdev.startsWith("sd")) return "scsi";
        return backend;
    }

    /** An emulated NIC's model, else netfront for a PV vif. */
    private static String model(String model, String type) {
        if (model != null) return model;
        return type == null || "vif".equals(type) ? "netfront" : type;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
