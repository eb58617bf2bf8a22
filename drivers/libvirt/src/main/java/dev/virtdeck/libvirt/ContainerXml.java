package dev.virtdeck.libvirt;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The domain XML of a new container for libvirt's LXC driver, built with the DOM like
 * {@link DomainXml} (names and paths are escaped text): the host directory {@code rootfs} mounted
 * as {@code /}, {@code /sbin/init} as PID 1, a pty console, a private network namespace (without
 * {@code privnet} and a NIC a container would share the host's interfaces).
 */
public final class ContainerXml {
    /** What a created container runs as PID 1, inside its root filesystem. */
    public static final String INIT = "/sbin/init";

    private ContainerXml() {
    }

    /**
     * @param nic the container's NIC, resolved ({@link NicSpec.Kind#NONE}: only loopback)
     * @throws IllegalArgumentException when the spec is not a container's
     */
    public static String forCreate(CreateSpec spec, NicSpec nic) {
        DomainXml.checkName(spec.name());
        if (spec.rootfs() == null || !spec.rootfs().startsWith("/")) {
            throw new IllegalArgumentException("a container needs an absolute root filesystem directory (--rootfs DIR)");
        }
        if (spec.kernel() != null || spec.initrd() != null || spec.iso() != null || spec.image() != null
                || spec.diskMiB() != null) {
            throw new IllegalArgumentException("a container runs on the host's kernel from a directory: no kernel, ISO,"
                    + " image or disk");
        }
        if (spec.vcpus() != spec.maxVcpus()) {
            throw new IllegalArgumentException("a container's vCPUs cannot change while it runs: give --vcpus N, no maximum");
        }
        if (spec.memoryMiB() != spec.maxMemoryMiB()) {
            throw new IllegalArgumentException("libvirt starts a container with its memory limit at the maximum: give"
                    + " --memory SIZE, no maximum (set-memory lowers the limit live)");
        }
        if (nic.kind() == NicSpec.Kind.DEFAULT) throw new IllegalArgumentException("resolve the default NIC first");
        Document doc = DomainXml.newDocument();
        Element domain = doc.createElement("domain");
        domain.setAttribute("type", "lxc");
        doc.appendChild(domain);
        DomainXml.text(domain, "name", spec.name());
        // libvirt starts a container with its memory cgroup limit at <memory>; set-memory lowers it live
        DomainXml.text(domain, "memory", Long.toString(spec.maxMemoryMiB() * 1024)).setAttribute("unit", "KiB");
        DomainXml.text(domain, "currentMemory", Long.toString(spec.memoryMiB() * 1024)).setAttribute("unit", "KiB");
        DomainXml.text(domain, "vcpu", Integer.toString(spec.vcpus())).setAttribute("placement", "static");
        Element os = DomainXml.child(domain, "os");
        DomainXml.text(os, "type", "exe");
        DomainXml.text(os, "init", INIT);
        DomainXml.child(DomainXml.child(domain, "features"), "privnet");
        DomainXml.text(domain, "on_poweroff", "destroy");
        DomainXml.text(domain, "on_reboot", "restart");
        DomainXml.text(domain, "on_crash", "destroy");
        Element devices = DomainXml.child(domain, "devices");
        Element fs = DomainXml.child(devices, "filesystem");
        fs.setAttribute("type", "mount");
        fs.setAttribute("accessmode", "passthrough");
        DomainXml.child(fs, "source").setAttribute("dir", spec.rootfs());
        DomainXml.child(fs, "target").setAttribute("dir", "/");
        if (nic.kind() != NicSpec.Kind.NONE) {
            boolean bridge = nic.kind() == NicSpec.Kind.BRIDGE;
            Element i = DomainXml.child(devices, "interface");
            i.setAttribute("type", bridge ? "bridge" : "network");
            DomainXml.child(i, "source").setAttribute(bridge ? "bridge" : "network", nic.name());
        }
        Element console = DomainXml.child(devices, "console");
        console.setAttribute("type", "pty");
        Element target = DomainXml.child(console, "target");
        target.setAttribute("type", "lxc");
        target.setAttribute("port", "0");
        return DomainXml.serialize(doc);
    }
}
