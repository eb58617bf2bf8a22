package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmDetails.Address;
import dev.virtdeck.driver.VmDetails.Console;
import dev.virtdeck.driver.VmDetails.DeviceKind;
import dev.virtdeck.driver.VmDetails.Disk;
import dev.virtdeck.driver.VmDetails.Nic;
import dev.virtdeck.driver.VmInfo;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The devices {@code show} reports, read from a domain XML (both transports read the same XML):
 * disks, interfaces, serial and console devices, and whether a guest agent channel is there.
 * Sizes and addresses are not in the XML; {@link #withSizes} and the transports add them.
 *
 * @param agent     the VM has a qemu guest agent channel
 * @param agentUp   the live XML says the agent is connected (false when it says disconnected;
 *                  true when it says nothing, as older libvirt and inactive XML do)
 */
public record DomainDevices(List<Disk> disks, List<Nic> nics, List<Console> consoles, boolean agent, boolean agentUp) {

    /** The channel name qemu-guest-agent listens on. */
    static final String AGENT_CHANNEL = "org.qemu.guest_agent.0";

    /** @throws IllegalArgumentException when the text is not a domain XML */
    public static DomainDevices parse(String domainXml) {
        Element root = DomainXml.parse(domainXml).getDocumentElement();
        Element devices = first(root, "devices");
        List<Disk> disks = new ArrayList<>();
        List<Nic> nics = new ArrayList<>();
        List<Console> consoles = new ArrayList<>();
        boolean agent = false;
        boolean agentUp = false;
        for (Element e : children(devices)) {
            switch (e.getTagName()) {
                case "disk" -> disks.add(disk(e));
                case "interface" -> nics.add(nic(e));
                case "serial", "console" -> consoles.add(console(e));
                case "channel" -> {
                    Element t = first(e, "target");
                    if (t != null && AGENT_CHANNEL.equals(t.getAttribute("name"))) {
                        agent = true;
                        agentUp = !"disconnected".equals(t.getAttribute("state"));
                    }
                }
                default -> { }
            }
        }
        return new DomainDevices(disks, nics, consoles, agent, agentUp);
    }

    /** Sizes known per target dev; disks not in the map keep theirs. */
    public record Size(Long capacityBytes, Long allocationBytes) {
    }

    /** @return these devices with the disks' sizes filled in from {@code byTarget} */
    public DomainDevices withSizes(Map<String, Size> byTarget) {
        List<Disk> out = new ArrayList<>();
        for (Disk d : disks) {
            Size s = byTarget.get(d.target());
            out.add(s == null ? d : new Disk(d.target(), d.kind(), d.bus(), d.source(), d.format(), s.capacityBytes(),
                    s.allocationBytes(), d.readOnly()));
        }
        return new DomainDevices(out, nics, consoles, agent, agentUp);
    }

    /**
     * @param addresses MAC → addresses from every source asked, in the order asked (a NIC's list
     *                  keeps each address once, from the first source that gave it)
     * @return the VM's details
     */
    public VmDetails details(VmInfo vm, Boolean autostart, List<Map<String, List<Address>>> addresses,
                             List<String> notes) {
        List<Nic> withAddresses = new ArrayList<>();
        for (Nic n : nics) withAddresses.add(n.withAddresses(addressesOf(n, addresses)));
        return new VmDetails(vm, disks, withAddresses, consoles, autostart, notes);
    }

    /** @return true when some NIC has no address among {@code addresses} (another source may know it) */
    public boolean missingAddresses(List<Map<String, List<Address>>> addresses) {
        return nics.stream().anyMatch(n -> addressesOf(n, addresses).isEmpty());
    }

    private static List<Address> addressesOf(Nic n, List<Map<String, List<Address>>> sources) {
        List<Address> out = new ArrayList<>();
        if (n.mac() == null) return out;
        for (Map<String, List<Address>> source : sources) {
            for (Address a : source.getOrDefault(n.mac(), List.of())) {
                if (out.stream().noneMatch(o -> o.address().equals(a.address()))) out.add(a);
            }
        }
        return out;
    }

    /** @return true when some interface is on a libvirt network, the only kind whose leases libvirt knows */
    public boolean hasNetworkInterface() {
        return nics.stream().anyMatch(n -> "network".equals(n.networkType()));
    }

    private static Disk disk(Element e) {
        Element target = first(e, "target");
        Element driver = first(e, "driver");
        String format = driver == null ? null : blankToNull(driver.getAttribute("type"));
        return new Disk(target == null ? null : blankToNull(target.getAttribute("dev")), kind(e.getAttribute("device")),
                target == null ? null : blankToNull(target.getAttribute("bus")), diskSource(e), format, null, null,
                first(e, "readonly") != null);
    }

    private static DeviceKind kind(String device) {
        return switch (device) {
            case "", "disk" -> DeviceKind.DISK;
            case "cdrom" -> DeviceKind.CDROM;
            case "floppy" -> DeviceKind.FLOPPY;
            case "lun" -> DeviceKind.LUN;
            default -> DeviceKind.OTHER;
        };
    }

    /** file → its path, block → the device, volume → POOL/VOLUME, network → PROTOCOL://HOST/NAME. */
    private static String diskSource(Element disk) {
        Element s = first(disk, "source");
        if (s == null) return null;
        String type = disk.getAttribute("type");
        switch (type) {
            case "volume" -> {
                String pool = s.getAttribute("pool");
                String vol = s.getAttribute("volume");
                return vol.isEmpty() ? null : pool.isEmpty() ? vol : pool + "/" + vol;
            }
            case "network" -> {
                String name = s.getAttribute("name");
                Element h = first(s, "host");
                String where = h == null ? "" : h.getAttribute("name");
                String proto = s.getAttribute("protocol");
                return (proto.isEmpty() ? "" : proto + "://") + where + (name.isEmpty() ? "" : "/" + name);
            }
            default -> {
                for (String attr : List.of("file", "dev", "dir", "name")) {
                    if (!s.getAttribute(attr).isEmpty()) return s.getAttribute(attr);
                }
                return null;
            }
        }
    }

    private static Nic nic(Element e) {
        String type = e.getAttribute("type");
        Element mac = first(e, "mac");
        Element source = first(e, "source");
        Element model = first(e, "model");
        Element target = first(e, "target");
        String network = null;
        if (source != null) {
            for (String attr : List.of("network", "bridge", "dev", "name", "path")) {
                if (!source.getAttribute(attr).isEmpty()) {
                    network = source.getAttribute(attr);
                    break;
                }
            }
        }
        return new Nic(mac == null ? null : blankToNull(mac.getAttribute("address").toLowerCase(Locale.ROOT)),
                blankToNull(type), network, model == null ? null : blankToNull(model.getAttribute("type")),
                target == null ? null : blankToNull(target.getAttribute("dev")), List.of());
    }

    /** A serial or console device: a pty's path is in source/@path (live) or @tty. */
    private static Console console(Element e) {
        Element target = first(e, "target");
        String targetText = null;
        if (target != null) {
            String t = target.getAttribute("type");
            String port = target.getAttribute("port");
            targetText = (t.isEmpty() ? e.getTagName() : t) + (port.isEmpty() ? "" : " " + port);
        }
        Element source = first(e, "source");
        String path = source == null ? null : blankToNull(source.getAttribute("path"));
        if (path == null) path = blankToNull(e.getAttribute("tty"));
        if (path == null && source != null && !source.getAttribute("host").isEmpty()) {
            path = source.getAttribute("host") + ":" + source.getAttribute("service");
        }
        return new Console(e.getTagName(), blankToNull(e.getAttribute("type")), targetText, path);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) return out;
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e) out.add(e);
        }
        return out;
    }

    private static Element first(Element parent, String tag) {
        if (parent == null) return null;
        for (Element e : children(parent)) if (tag.equals(e.getTagName())) return e;
        return null;
    }
}
