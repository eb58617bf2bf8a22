package dev.virtdeck.libvirt;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The domain XML of a new LXC container (create --rootfs), as libvirt 9.0's LXC driver took it in the lab. */
class ContainerXmlTest {
    static CreateSpec spec(String name, String rootfs) {
        return new CreateSpec(name, 1, 1, 96, 96, null, null, null, null, null).withRootfs(rootfs);
    }

    static Element only(Document d, String tag) {
        assertEquals(1, d.getElementsByTagName(tag).getLength(), tag);
        return (Element) d.getElementsByTagName(tag).item(0);
    }

    @Test
    void aContainerMountsItsDirectoryAsRootAndRunsItsInit() {
        Document d = DomainXml.parse(ContainerXml.forCreate(spec("web", "/srv/ct/web"), NicSpec.NONE));
        assertEquals("lxc", d.getDocumentElement().getAttribute("type"));
        assertEquals("web", only(d, "name").getTextContent());
        assertEquals("98304", only(d, "memory").getTextContent());
        assertEquals("KiB", only(d, "memory").getAttribute("unit"));
        assertEquals("98304", only(d, "currentMemory").getTextContent());
        assertEquals("1", only(d, "vcpu").getTextContent());
        assertEquals("exe", only(d, "type").getTextContent());
        assertEquals("/sbin/init", only(d, "init").getTextContent());
        Element fs = only(d, "filesystem");
        assertEquals("mount", fs.getAttribute("type"));
        assertEquals("/srv/ct/web", ((Element) fs.getElementsByTagName("source").item(0)).getAttribute("dir"));
        assertEquals("/", ((Element) fs.getElementsByTagName("target").item(0)).getAttribute("dir"));
        assertEquals("pty", only(d, "console").getAttribute("type"));
        // without privnet and without a NIC a container would share the host's network interfaces
        only(d, "privnet");
        assertEquals(0, d.getElementsByTagName("interface").getLength());
        assertEquals(0, d.getElementsByTagName("disk").getLength());
    }

    @Test
    void aNicJoinsANetworkOrABridge() {
        Document n = DomainXml.parse(ContainerXml.forCreate(spec("a", "/c"), NicSpec.network("default")));
        assertEquals("network", only(n, "interface").getAttribute("type"));
        assertEquals("default", ((Element) n.getElementsByTagName("source").item(1)).getAttribute("network"));
        Document b = DomainXml.parse(ContainerXml.forCreate(spec("a", "/c"), NicSpec.bridge("br0")));
        assertEquals("bridge", only(b, "interface").getAttribute("type"));
        assertEquals("br0", ((Element) b.getElementsByTagName("source").item(1)).getAttribute("bridge"));
    }

    @Test
    void namesAndPathsAreEscapedText() {
        String name = "x'<y>&\"z";
        String xml = ContainerXml.forCreate(spec(name, "/srv/a'b<c>&d"), NicSpec.NONE);
        Document d = DomainXml.parse(xml);
        assertEquals(name, only(d, "name").getTextContent());
        assertEquals("/srv/a'b<c>&d", ((Element) only(d, "filesystem").getElementsByTagName("source").item(0))
                .getAttribute("dir"));
    }

    @Test
    void whatAContainerCannotHaveIsRefused() {
        IllegalArgumentException max = assertThrows(IllegalArgumentException.class, () -> ContainerXml.forCreate(
                new CreateSpec("a", 1, 1, 64, 128, null, null, null, null, null).withRootfs("/c"), NicSpec.NONE));
        assertTrue(max.getMessage().startsWith("libvirt starts a container with its memory limit at the maximum"));
        IllegalArgumentException cpus = assertThrows(IllegalArgumentException.class, () -> ContainerXml.forCreate(
                new CreateSpec("a", 1, 2, 64, 64, null, null, null, null, null).withRootfs("/c"), NicSpec.NONE));
        assertTrue(cpus.getMessage().startsWith("a container's vCPUs cannot change"));
        assertThrows(IllegalArgumentException.class, () -> ContainerXml.forCreate(spec("a", "rel/dir"), NicSpec.NONE));
        assertThrows(IllegalArgumentException.class, () -> ContainerXml.forCreate(spec("a/b", "/c"), NicSpec.NONE));
        assertThrows(IllegalArgumentException.class, () -> ContainerXml.forCreate(spec("a", "/c"), NicSpec.DEFAULT));
    }
}
