package dev.virtdeck.xen;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;

/**
 * Renders the domain config virtdeck writes for {@link XlDriver#create}, in the layout of the
 * real lab's {@code /etc/xen/domu.cfg}. Every string goes through {@link XlConfig#quote}.
 */
final class XlConfigWriter {
    private XlConfigWriter() {
    }

    /**
     * @param disk the new disk (becomes xvda): a raw image, or with {@code spec.image()} a qcow2 overlay; or null
     * @throws IllegalArgumentException when a value cannot be written safely (control characters)
     */
    static String render(CreateSpec spec, String disk) {
        StringBuilder sb = new StringBuilder("# Written by virtdeck.\n");
        line(sb, "name", XlConfig.quote(spec.name()));
        boolean pv = spec.kernel() != null && !spec.kernel().isBlank();
        line(sb, "type", pv ? "\"pv\"" : "\"hvm\"");
        if (pv) {
            line(sb, "kernel", XlConfig.quote(spec.kernel()));
            if (spec.initrd() != null && !spec.initrd().isBlank()) line(sb, "ramdisk", XlConfig.quote(spec.initrd()));
            String extra = spec.cmdline() == null || spec.cmdline().isBlank() ? "console=hvc0" : spec.cmdline();
            line(sb, "extra", XlConfig.quote(extra));
        }
        long maxMem = Math.max(spec.memoryMiB(), spec.maxMemoryMiB());
        int maxVcpus = Math.max(spec.vcpus(), spec.maxVcpus());
        line(sb, "memory", Long.toString(spec.memoryMiB()));
        line(sb, "maxmem", Long.toString(maxMem));
        line(sb, "vcpus", Integer.toString(spec.vcpus()));
        line(sb, "maxvcpus", Integer.toString(maxVcpus));
        StringBuilder disks = new StringBuilder();
        String format = spec.image() != null ? "qcow2" : "raw"; // xl serves a qcow2 disk through qemu (qdisk)
        if (disk != null) disks.append(XlConfig.quote("format=" + format + ",vdev=xvda,access=rw,target=" + disk));
        boolean cdrom = spec.iso() != null && !spec.iso().isBlank();
        if (!pv && cdrom) {
            if (disks.length() > 0) disks.append(", ");
            disks.append(XlConfig.quote("format=raw,vdev=hdc,access=ro,devtype=cdrom,target=" + spec.iso()));
        }
        if (disks.length() > 0) line(sb, "disk", "[ " + disks + " ]");
        // one vif on the named host bridge; without --network (or with none) the guest has no NIC
        if (spec.network().kind() == NicSpec.Kind.BRIDGE) {
            line(sb, "vif", "[ " + XlConfig.quote("bridge=" + spec.network().name()) + " ]");
        }
        if (!pv) {
            line(sb, "boot", cdrom ? "\"dc\"" : "\"c\"");
            line(sb, "serial", "\"pty\"");
        }
        line(sb, "on_poweroff", "\"destroy\"");
        line(sb, "on_reboot", "\"restart\"");
        line(sb, "on_crash", "\"destroy\"");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(String.format(java.util.Locale.ROOT, "%-11s = %s\n", key, value));
    }
}
