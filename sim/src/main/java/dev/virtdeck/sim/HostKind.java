package dev.virtdeck.sim;

import java.util.List;

/** Which hypervisor tool a simulated host has installed (and where {@code command -v} finds it). */
public enum HostKind {
    /** VirtualBox: {@code /usr/bin/VBoxManage} (plus socat and nc for UART consoles). */
    VBOX(List.of("/usr/bin/VBoxManage")),
    /** libvirt/KVM: {@code /usr/bin/virsh}. */
    KVM(List.of("/usr/bin/virsh")),
    /** Xen with the xl toolstack (and xentop, which ships with it). */
    XEN(List.of("/usr/sbin/xl", "/usr/sbin/xentop")),
    /** Legacy Xen with the xm toolstack. */
    XM(List.of("/usr/sbin/xm")),
    /** XenServer / XCP-ng dom0: {@code xe} (the XenAPI, see dev.virtdeck.sim.xapi) and {@code xl} for consoles only. */
    XAPI(List.of("/opt/xensource/bin/xe", "/usr/sbin/xl"));

    private final List<String> toolPaths;

    HostKind(List<String> toolPaths) {
        this.toolPaths = toolPaths;
    }

    /** Absolute paths of the hypervisor tools this kind of host has. */
    public List<String> toolPaths() {
        return toolPaths;
    }
}
