package dev.virtdeck.demo;

/** Renders the demo lab's inventory.yaml. */
final class DemoInventory {
    private DemoInventory() {
    }

    static String yaml(DemoLab lab) {
        StringBuilder y = new StringBuilder();
        y.append("# virtdeck demo: simulated hosts on 127.0.0.1, deleted when the demo exits.\n");
        y.append("defaults:\n");
        y.append("  user: root\n");
        y.append("  identity: ").append(quote(lab.identity().toString())).append('\n');
        y.append("  known_hosts: ").append(quote(lab.knownHosts().toString())).append('\n');
        y.append("hosts:\n");
        // the simulated KVM host has no virt-ssh-helper: libvirt must use virsh over SSH
        host(y, lab, DemoLab.KVM, "libvirt", "    libvirt: {transport: virsh}\n", "kvm");
        host(y, lab, DemoLab.XEN, "xl", "", "xen");
        host(y, lab, DemoLab.VBOX, "vbox", "", "virtualbox");
        host(y, lab, DemoLab.XCP_MASTER, "xapi", "", "xcp-ng");
        host(y, lab, DemoLab.XCP_MEMBER, "xapi", "", "xcp-ng");
        return y.toString();
    }

    private static void host(StringBuilder y, DemoLab lab, String name, String driver, String extra, String tag) {
        y.append("  ").append(name).append(":\n");
        y.append("    address: 127.0.0.1\n");
        y.append("    port: ").append(lab.port(name)).append('\n');
        y.append("    drivers: [").append(driver).append("]\n");
        y.append(extra);
        y.append("    groups: [demo]\n");
        y.append("    tags: [").append(tag).append("]\n");
    }

    /** A YAML single-quoted scalar: any path (spaces, colons, #) stays literal. */
    static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
