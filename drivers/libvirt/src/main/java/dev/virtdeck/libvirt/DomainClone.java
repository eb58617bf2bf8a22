package dev.virtdeck.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The domain XML of a clone, made from its source's persistent definition the way virt-clone
 * makes it: a new name, no UUID and no MAC addresses (libvirt draws new ones), no NVRAM file
 * (libvirt makes a fresh one from the template), and each writable file disk on a copy.
 * Read-only and shareable disks (an install ISO) stay shared.
 */
final class DomainClone {
    /** A writable file disk of the source, to be copied. */
    record Disk(String target, String source) {
    }

    private DomainClone() {
    }

    /**
     * @return the source's writable file disks, in order
     * @throws IllegalArgumentException for a writable disk that is not a file (a block device, a
     *                                  storage volume, a network disk): virtdeck copies files only
     */
    static List<Disk> disksToCopy(String xml) {
        List<Disk> out = new ArrayList<>();
        for (Element disk : elements(DomainXml.parse(xml).getDocumentElement(), "devices", "disk")) {
            if (shared(disk)) continue;
            String target = attribute(disk, "target", "dev");
            String type = disk.getAttribute("type");
            String file = attribute(disk, "source", "file");
            if (!"file".equals(type) || file == null || file.isEmpty()) {
                throw new IllegalArgumentException("disk " + target + " is a " + (type.isEmpty() ? "sourceless" : type)
                        + " disk; clone copies file disks only");
            }
            out.add(new Disk(target, file));
        }
        return out;
    }

    /**
     * @param copies each copied disk's new file, by target
     * @return the clone's XML
     */
    static String of(String xml, String newName, Map<String, String> copies) {
        DomainXml.checkName(newName);
        Document doc = DomainXml.parse(xml);
        Element domain = doc.getDocumentElement();
        for (Element name : children(domain, "name")) name.setTextContent(newName);
        for (Element uuid : children(domain, "uuid")) domain.removeChild(uuid);
        for (Element os : children(domain, "os")) {
            for (Element nvram : children(os, "nvram")) os.removeChild(nvram);
        }
        for (Element nic : elements(domain, "devices", "interface")) {
            for (Element mac : children(nic, "mac")) nic.removeChild(mac);
            for (Element target : children(nic, "target")) nic.removeChild(target);
        }
        for (Element disk : elements(domain, "devices", "disk")) {
            String copy = copies.get(attribute(disk, "target", "dev"));
            if (copy == null) continue;
            for (Element source : children(disk, "source")) source.setAttribute("file", copy);
        }
        return DomainXml.serialize(doc);
    }

    private static boolean shared(Element disk) {
        return !children(disk, "readonly").isEmpty() || !children(disk, "shareable").isEmpty()
                || "cdrom".equals(disk.getAttribute("device")) || "floppy".equals(disk.getAttribute("device"));
    }

    private static String attribute(Element parent, String child, String name) {
        List<Element> c = children(parent, child);
        return c.isEmpty() || !c.get(0).hasAttribute(name) ? null : c.get(0).getAttribute(name);
    }

    private static List<Element> elements(Element domain, String section, String tag) {
        List<Element> out = new ArrayList<>();
        for (Element s : children(domain, section)) out.addAll(children(s, tag));
        return out;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && tag.equals(e.getTagName())) out.add(e);
        }
        return out;
    }
}
