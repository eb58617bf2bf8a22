package dev.virtdeck.libvirt;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * libvirt domain XML: built with the DOM (names and paths are text nodes and attributes, escaped
 * by the serializer, never pasted into markup) and read with a parser that refuses DTDs.
 */
public final class DomainXml {
    /** Used when the spec has a kernel but no command line: the serial console is ttyS0. */
    public static final String DEFAULT_CMDLINE = "console=ttyS0";

    private DomainXml() {
    }

    /** A spec's disk-and-NIC-less form, for checks made before the host is asked anything. */
    public static String forCreate(CreateSpec spec, String diskPath, String domainType) {
        return forCreate(spec, diskPath, NicSpec.NONE, domainType);
    }

    /**
     * @param spec       the VM to create; kernel, ISO or a base image (then {@code diskPath} is its overlay)
     * @param diskPath   qcow2 file attached as virtio {@code vda}, or null for no disk
     * @param nic        the NIC as resolved for this host: a network, a bridge, or {@link NicSpec#NONE}
     * @param domainType {@code kvm} or {@code qemu} (TCG)
     * @return the domain XML for {@code virsh define} / {@code defineXML}
     * @throws IllegalArgumentException when the spec is inconsistent
     */
    public static String forCreate(CreateSpec spec, String diskPath, NicSpec nic, String domainType) {
        validate(spec, domainType);
        if (spec.image() != null && diskPath == null) throw new IllegalArgumentException("an image needs its overlay");
        if (nic.kind() == NicSpec.Kind.DEFAULT) throw new IllegalArgumentException("resolve the default NIC first");
        Document doc = newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", domainType);
        doc.appendChild(domain);
        text(domain, "name", spec.name());
        text(domain, "memory", Long.toString(spec.maxMemoryMiB() * 1024)).setAttribute("unit", "KiB");
        text(domain, "currentMemory", Long.toString(spec.memoryMiB() * 1024)).setAttribute("unit", "KiB");
        Element vcpu = text(domain, "vcpu", Integer.toString(spec.maxVcpus()));
        vcpu.setAttribute("placement", "static");
        vcpu.setAttribute("current", Integer.toString(spec.vcpus()));

        Element os = child(domain, "os");
        text(os, "type", "hvm");
        boolean kernelBoot = spec.kernel() != null;
        if (kernelBoot) {
            text(os, "kernel", spec.kernel());
            if (spec.initrd() != null) text(os, "initrd", spec.initrd());
            String cmdline = spec.cmdline() == null || spec.cmdline().isBlank() ? DEFAULT_CMDLINE : spec.cmdline();
            text(os, "cmdline", cmdline);
        } else if (spec.iso() != null) {
            child(os, "boot").setAttribute("dev", "cdrom");
            if (diskPath != null) child(os, "boot").setAttribute("dev", "hd");
        } else {
            child(os, "boot").setAttribute("dev", "hd");
        }
        // ACPI so that a graceful shutdown (power button) can reach the guest.
        Element features = child(domain, "features");
        child(features, "acpi");
        child(features, "apic");
        text(domain, "on_poweroff", "destroy");
        text(domain, "on_reboot", "restart");
        text(domain, "on_crash", "destroy");

        Element devices = child(domain, "devices");
        if (diskPath != null) devices.appendChild(fileDisk(doc, diskPath, "vda"));
        if (spec.iso() != null) {
            Element cdrom = child(devices, "disk");
            cdrom.setAttribute("type", "file");
            cdrom.setAttribute("device", "cdrom");
            Element driver = child(cdrom, "driver");
            driver.setAttribute("name", "qemu");
            driver.setAttribute("type", "raw");
            child(cdrom, "source").setAttribute("file", spec.iso());
            // sata works on both i440fx (libvirt adds an AHCI controller) and q35.
            Element target = child(cdrom, "target");
            target.setAttribute("dev", "sda");
            target.setAttribute("bus", "sata");
            child(cdrom, "readonly");
        }
        if (nic.kind() != NicSpec.Kind.NONE) devices.appendChild(nic(doc, nic));
        Element serial = child(devices, "serial");
        serial.setAttribute("type", "pty");
        child(serial, "target").setAttribute("port", "0");
        Element console = child(devices, "console");
        console.setAttribute("type", "pty");
        Element ct = child(console, "target");
        ct.setAttribute("type", "serial");
        ct.setAttribute("port", "0");
        child(devices, "memballoon").setAttribute("model", "virtio");
        return serialize(doc);
    }

    /**
     * The domain types a host's libvirt offers for guests of the host's own architecture, read
     * from its capabilities XML ({@code virsh capabilities} / {@code Connect.getCapabilities()}),
     * e.g. {@code [qemu, kvm]}. /proc/cpuinfo flags are not consulted on purpose: on nested
     * machines /dev/kvm can work without vmx/svm.
     */
    public static Set<String> offeredDomainTypes(String capabilitiesXml) {
        Element root = parse(capabilitiesXml).getDocumentElement();
        Element hostEl = first(root, "host");
        Element cpu = hostEl == null ? null : first(hostEl, "cpu");
        Element archEl = cpu == null ? null : first(cpu, "arch");
        String hostArch = archEl == null ? null : archEl.getTextContent().strip();
        Set<String> types = new java.util.LinkedHashSet<>();
        NodeList guests = root.getElementsByTagName("guest");
        for (int i = 0; i < guests.getLength(); i++) {
            Element guest = (Element) guests.item(i);
            Element arch = first(guest, "arch");
            if (arch == null || hostArch != null && !hostArch.equals(arch.getAttribute("name"))) continue;
            NodeList domains = arch.getElementsByTagName("domain");
            for (int j = 0; j < domains.getLength(); j++) types.add(((Element) domains.item(j)).getAttribute("type"));
        }
        return types;
    }

    /** @return {@code kvm} when the host's capabilities offer it, else {@code qemu} (TCG) */
    public static String preferredDomainType(String capabilitiesXml) {
        return offeredDomainTypes(capabilitiesXml).contains("kvm") ? "kvm" : "qemu";
    }

    /**
     * The domain type a new VM gets: the one asked for, which the host must offer, else the
     * preferred one. libvirt offering {@code kvm} does not prove a KVM guest can run there
     * (a nested host may expose a /dev/kvm that never runs a guest): hence the choice.
     *
     * @param requested {@code kvm}, {@code qemu} or null
     * @throws IllegalArgumentException when the host does not offer the requested type
     */
    public static String chooseDomainType(String requested, String capabilitiesXml) {
        Set<String> offered = offeredDomainTypes(capabilitiesXml);
        if (requested == null) return offered.contains("kvm") ? "kvm" : "qemu";
        if (!offered.contains(requested)) {
            throw new IllegalArgumentException("virt type " + requested + " is not offered by this host's libvirt (it offers "
                    + (offered.isEmpty() ? "none" : String.join(", ", offered)) + ")");
        }
        return requested;
    }

    /** @return a {@code <disk>} element for {@code attach-device}: qcow2 file on the virtio bus */
    public static String diskForAttach(String path, String targetDev) {
        Document doc = newDocument();
        doc.appendChild(fileDisk(doc, path, targetDev));
        return serialize(doc);
    }

    /** @return the target devs of all disks (vda, vdb, hdc ...), in document order */
    public static List<String> diskTargets(String domainXml) {
        List<String> out = new ArrayList<>();
        for (Element disk : disks(domainXml)) {
            Element target = first(disk, "target");
            if (target != null && !target.getAttribute("dev").isEmpty()) out.add(target.getAttribute("dev"));
        }
        return out;
    }

    /**
     * @return the file paths of file-backed disks with {@code device='disk'}; CD-ROMs (an ISO is
     *         shared install media) and block devices are never listed, so deleting "with disks"
     *         cannot remove them
     */
    public static List<String> diskSources(String domainXml) {
        List<String> out = new ArrayList<>();
        for (Element disk : disks(domainXml)) {
            if (!"file".equals(disk.getAttribute("type"))) continue;
            String device = disk.getAttribute("device");
            if (!device.isEmpty() && !"disk".equals(device)) continue;
            Element source = first(disk, "source");
            if (source != null && !source.getAttribute("file").isEmpty()) out.add(source.getAttribute("file"));
        }
        return out;
    }

    /**
     * @param used target devs already taken (any bus; only {@code vdX} names matter)
     * @return the first free virtio name in vda, vdb, ..., vdz, vdaa, vdab, ...
     */
    public static String nextFreeTarget(List<String> used) {
        Set<String> taken = new HashSet<>(used);
        for (int i = 0; ; i++) {
            String name = "vd" + letters(i);
            if (!taken.contains(name)) return name;
        }
    }

    /** 0 → a, 25 → z, 26 → aa (the kernel's disk naming). */
    private static String letters(int i) {
        StringBuilder sb = new StringBuilder();
        int n = i;
        do {
            sb.insert(0, (char) ('a' + n % 26));
            n = n / 26 - 1;
        } while (n >= 0);
        return sb.toString();
    }

    /**
     * Refuses a domain name libvirt cannot hold: empty, with '/' (libvirt: "name cannot contain
     * '/'"), with a newline (virXMLCheckIllegalChars at define) or another control character
     * (XML 1.0 cannot carry most, and turns a carriage return into a newline).
     *
     * @throws IllegalArgumentException with the reason
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("name is empty");
        if (name.contains("/")) throw new IllegalArgumentException("libvirt names cannot contain '/'");
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("libvirt names cannot hold a newline or other control characters");
        }
    }

    private static void validate(CreateSpec spec, String domainType) {
        if (!"kvm".equals(domainType) && !"qemu".equals(domainType)) {
            throw new IllegalArgumentException("domain type must be kvm or qemu, not " + domainType);
        }
        checkName(spec.name());
        if (spec.kernel() != null && spec.iso() != null) {
            throw new IllegalArgumentException("give either a kernel (with initrd) or an ISO, not both");
        }
        if (spec.kernel() == null && spec.iso() == null && spec.image() == null) {
            throw new IllegalArgumentException("give a kernel (with initrd), an ISO or a base image");
        }
        if (spec.vcpus() < 1 || spec.vcpus() > spec.maxVcpus()) {
            throw new IllegalArgumentException("vCPUs " + spec.vcpus() + " must be between 1 and the maximum "
                    + spec.maxVcpus());
        }
        if (spec.memoryMiB() < 1 || spec.memoryMiB() > spec.maxMemoryMiB()) {
            throw new IllegalArgumentException("memory " + spec.memoryMiB() + " MiB must be between 1 and the maximum "
                    + spec.maxMemoryMiB() + " MiB");
        }
    }

    private static Element fileDisk(Document doc, String path, String targetDev) {
        Element disk = doc.createElement("disk");
        disk.setAttribute("type", "file");
        disk.setAttribute("device", "disk");
        Element driver = child(disk, "driver");
        driver.setAttribute("name", "qemu");
        driver.setAttribute("type", "qcow2");
        child(disk, "source").setAttribute("file", path);
        Element target = child(disk, "target");
        target.setAttribute("dev", targetDev);
        target.setAttribute("bus", "virtio");
        return disk;
    }

    /** A virtio NIC; libvirt picks its MAC address. */
    private static Element nic(Document doc, NicSpec nic) {
        boolean bridge = nic.kind() == NicSpec.Kind.BRIDGE;
        Element i = doc.createElement("interface");
        i.setAttribute("type", bridge ? "bridge" : "network");
        child(i, "source").setAttribute(bridge ? "bridge" : "network", nic.name());
        child(i, "model").setAttribute("type", "virtio");
        return i;
    }

    private static List<Element> disks(String domainXml) {
        Document doc = parse(domainXml);
        List<Element> out = new ArrayList<>();
        Element devices = first(doc.getDocumentElement(), "devices");
        if (devices == null) return out;
        NodeList nodes = devices.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && "disk".equals(e.getTagName())) out.add(e);
        }
        return out;
    }

    private static Element first(Element parent, String tag) {
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && tag.equals(e.getTagName())) return e;
        }
        return null;
    }

    /** Appends a new element (ContainerXml builds with these too). */
    static Element child(Element parent, String tag) {
        Element e = parent.getOwnerDocument().createElement(tag);
        parent.appendChild(e);
        return e;
    }

    static Element text(Element parent, String tag, String value) {
        Element e = child(parent, tag);
        e.setTextContent(value);
        return e;
    }

    static Document newDocument() {
        try {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses libvirt's XML; DTDs and external entities are refused (the text comes from a host). */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not valid domain XML: " + e.getMessage(), e);
        }
    }

    static String serialize(Document doc) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }
}
