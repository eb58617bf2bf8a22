package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.driver.VmState;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.StringWriter;
import java.time.Instant;

/**
 * libvirt's {@code <domainsnapshot>} XML (formatsnapshot.html): the request virtdeck sends to take
 * one, and the normalized {@link VmSnapshot} read from {@code snapshot-dumpxml} /
 * {@code virDomainSnapshotGetXMLDesc}. Both transports read the same XML, so they list alike.
 */
public final class SnapshotXml {
    private SnapshotXml() {
    }

    /**
     * @return the XML asking for a snapshot with just a name and description: libvirt then takes
     *         its default, an internal snapshot of every disk, with the memory of a running VM
     */
    public static String forCreate(String name, String description) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element root = doc.createElement("domainsnapshot");
            doc.appendChild(root);
            text(root, "name", name);
            if (description != null) text(root, "description", description);
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(w));
            return w.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void text(Element parent, String tag, String value) {
        Element e = parent.getOwnerDocument().createElement(tag);
        e.setTextContent(value);
        parent.appendChild(e);
    }

    /**
     * @param current whether libvirt calls it the VM's current snapshot (not part of the XML)
     * @throws IllegalArgumentException when the text is not a snapshot's XML
     */
    public static VmSnapshot parse(String xml, boolean current) {
        Element root = DomainXml.parse(xml).getDocumentElement();
        if (!"domainsnapshot".equals(root.getTagName())) {
            throw new IllegalArgumentException("not a domainsnapshot: <" + root.getTagName() + ">");
        }
        String name = childText(root, "name");
        if (name == null) throw new IllegalArgumentException("a domainsnapshot without a name");
        String state = childText(root, "state");
        String time = childText(root, "creationTime");
        Element parent = child(root, "parent");
        String memory = attribute(child(root, "memory"), "snapshot");
        boolean external = "external".equals(memory);
        boolean internal = "internal".equals(memory);
        Element disks = child(root, "disks");
        if (disks != null) {
            NodeList ds = disks.getElementsByTagName("disk");
            for (int i = 0; i < ds.getLength(); i++) {
                String where = ((Element) ds.item(i)).getAttribute("snapshot");
                external |= "external".equals(where);
                internal |= "internal".equals(where);
            }
        }
        VmSnapshot.Location location = external ? VmSnapshot.Location.EXTERNAL
                : internal ? VmSnapshot.Location.INTERNAL : null;
        Boolean withMemory = state == null ? null
                : "disk-snapshot".equals(state) ? Boolean.FALSE
                : memory != null ? !"no".equals(memory)
                : Boolean.valueOf("running".equals(state) || "paused".equals(state));
        return new VmSnapshot(name, time == null ? null : Instant.ofEpochSecond(Long.parseLong(time.strip())),
                childText(root, "description"), vmState(state), state, current,
                parent == null ? null : childText(parent, "name"), location, withMemory);
    }

    /** The {@code <state>} of a snapshot: a domain state word, or {@code disk-snapshot}. */
    static VmState vmState(String word) {
        if (word == null) return VmState.UNKNOWN;
        return switch (word) {
            case "running", "blocked", "nostate" -> VmState.RUNNING;
            case "paused", "pmsuspended" -> VmState.PAUSED;
            case "shutoff" -> VmState.SHUTOFF;
            case "shutdown" -> VmState.SHUTTING_DOWN;
            case "crashed" -> VmState.CRASHED;
            default -> VmState.UNKNOWN; // disk-snapshot: the disks of a VM that ran on
        };
    }

    private static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) return e;
        }
        return null;
    }

    private static String childText(Element parent, String tag) {
        Element e = child(parent, tag);
        return e == null ? null : e.getTextContent();
    }

    private static String attribute(Element e, String name) {
        return e == null || !e.hasAttribute(name) ? null : e.getAttribute(name);
    }
}
