package dev.virtdeck.libvirt;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.Locale;

/**
 * Reads the maximum (and current) memory from a domain XML (libvirt-java 0.5.3 has no call for the
 * config's maximum; for a container, virDomainGetInfo gives the memory in use, not its limit).
 */
final class DomainLimits {

    private DomainLimits() {
    }

    /** @return {@code <memory>} of the domain in KiB, honouring its {@code unit} attribute */
    static long maxMemoryKiB(String domainXml) {
        Element mem = element(domainXml, "memory");
        if (mem == null) throw new IllegalArgumentException("domain XML has no <memory> element");
        return toKiB(Long.parseLong(mem.getTextContent().strip()), mem.getAttribute("unit"));
    }

    /** @return {@code <currentMemory>} of the domain in KiB, or {@code fallback} when it has none */
    static long currentMemoryKiB(String domainXml, long fallback) {
        Element mem = element(domainXml, "currentMemory");
        if (mem == null) return fallback;
        return toKiB(Long.parseLong(mem.getTextContent().strip()), mem.getAttribute("unit"));
    }

    /** libvirt units: b/bytes, KB (1000), k/KiB, MB, M/MiB, GB, G/GiB, TB, T/TiB; default KiB. */
    static long toKiB(long value, String unit) {
        String u = unit == null || unit.isEmpty() ? "kib" : unit.toLowerCase(Locale.ROOT);
        return switch (u) {
            case "b", "bytes" -> value / 1024;
            case "kb" -> value * 1000 / 1024;
            case "k", "kib" -> value;
            case "mb" -> value * 1_000_000 / 1024;
            case "m", "mib" -> value * 1024;
            case "gb" -> value * 1_000_000_000L / 1024;
            case "g", "gib" -> value * 1024 * 1024;
            case "tb" -> value * 1_000_000_000_000L / 1024;
            case "t", "tib" -> value * 1024L * 1024 * 1024;
            default -> throw new IllegalArgumentException("unknown memory unit " + unit);
        };
    }

    private static Element element(String xml, String name) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            NodeList top = doc.getDocumentElement().getChildNodes();
            for (int i = 0; i < top.getLength(); i++) {
                if (top.item(i) instanceof Element e && e.getTagName().equals(name)) return e;
            }
            return null;
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse domain XML: " + e.getMessage(), e);
        }
    }
}
