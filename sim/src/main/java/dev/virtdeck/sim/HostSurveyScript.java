package dev.virtdeck.sim;

import java.util.List;

/**
 * The scripts behind {@code host-check}, answered like {@link HostFactsScript}: only their verbatim text (copies
 * in this package's resources; a change on either side answers "not simulated" and the tests fail).
 * <ul>
 *   <li>{@code hostsurvey-script.sh}: the host facts plus distribution, Xen, libvirt, VirtualBox, namespaces,
 *       cgroups and a kernel image, as a Debian 12 host (an XCP-ng 8.2 dom0 for XAPI hosts) prints them;
 *   <li>{@code kvm-probe-script.sh} ({@code sh -c SCRIPT sh KERNEL ACCEL SECONDS}): QEMU booting a kernel;
 *       under KVM it reaches the kernel's banner unless {@link SimHost#kvmBoots(boolean)} is false, in which
 *       case it answers as QEMU stopped by {@code timeout} does (at once: the sim does not wait).
 * </ul>
 */
final class HostSurveyScript {

    static final String SURVEY = load("hostsurvey-script.sh");
    static final String PROBE = load("kvm-probe-script.sh");
    /** The kernel a simulated host runs, in /boot. */
    static final String KERNEL = "6.1.0-28-amd64";

    private HostSurveyScript() {}

    private static String load(String name) {
        String s = ScriptResource.text(name);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s; // the file's own final newline
    }

    /** @return true when {@code args} ({@code -c SCRIPT ...}) is one of these scripts */
    static boolean recognises(List<String> args) {
        return args.size() >= 2 && args.get(0).equals("-c") && (args.get(1).equals(SURVEY) || args.get(1).equals(PROBE));
    }

    static int run(SimHost host, List<String> args, Io io) {
        if (args.get(1).equals(SURVEY) && args.size() == 2) {
            io.out(HostFactsScript.facts(host) + survey(host));
            return 0;
        }
        if (args.get(1).equals(PROBE) && args.size() == 6) {
            return probe(host, args.get(3), args.get(4), args.get(5), io);
        }
        io.err("sim: sh -c with these arguments is not simulated\n");
        return 2;
    }

    private static String survey(SimHost host) {
        boolean xapi = host.kind() == HostKind.XAPI;
        boolean xen = xapi || host.kind() == HostKind.XEN || host.kind() == HostKind.XM;
        StringBuilder sb = new StringBuilder();
        sb.append("kernel=").append(xapi ? "4.19.0+1" : KERNEL).append('\n');
        sb.append("arch=x86_64\nuid=0\n");
        if (xapi) { // XCP-ng 8.2's /etc/os-release (reconstructed from the distribution's documentation)
            sb.append("os_id=xcp-ng\nos_like=centos rhel fedora\nos_version=8.2.1\nos_name=XCP-ng 8.2.1\n");
        } else {
            sb.append("os_id=debian\nos_like=\nos_version=12\nos_name=Debian GNU/Linux 12 (bookworm)\n");
        }
        sb.append("in_vm=0\n");
        String flag = host.virtFlag();
        if (host.devKvm() && !flag.equals("none")) sb.append("nested=Y\n");
        if (host.kind() == HostKind.VBOX) sb.append("kmod=vboxdrv\n");
        if (xen) sb.append("kmod=xen_privcmd\n");
        if (xen) sb.append("hv_type=xen\nxen_caps=control_d\nxen_version=").append(xapi ? "4.13.5" : "4.17.5-pre").append('\n');
        sb.append("iommu=0\n");
        sb.append("pkg=").append(xapi ? "yum" : "apt-get").append('\n');
        sb.append("init=systemd\n");
        host.toolPath("qemu-system-x86_64").ifPresent(q -> sb.append("qemu=").append(q).append('\n'));
        boolean virsh = host.toolPath("virsh").isPresent();
        if (virsh) sb.append("libvirt_socket=/run/libvirt/libvirt-sock\nlibvirt_driver=qemu\n");
        if (virsh) sb.append("virsh_version=9.0.0\n");
        if (host.toolPath("VBoxManage").isPresent() && host.vboxVersion() != null) {
            sb.append("vbox_version=").append(host.vboxVersion().versionString()).append('\n');
        }
        sb.append("namespaces=1\ncgroup=cgroup2fs\n");
        sb.append("boot_kernel=/boot/vmlinuz-").append(xapi ? "4.19.0+1" : KERNEL).append('\n');
        return sb.toString();
    }

    /** QEMU's messages as qemu-system-x86_64 7.2 (Debian 12) prints them. */
    private static int probe(SimHost host, String kernel, String accel, String seconds, Io io) {
        if (host.toolPath("qemu-system-x86_64").isEmpty()) {
            io.err("qemu-system-x86_64 is not installed\n");
            return 4;
        }
        if (!kernel.equals("/boot/vmlinuz-" + KERNEL)) {
            io.err("cannot read the kernel image " + kernel + "\n");
            return 3;
        }
        if (accel.equals("kvm") && !host.devKvm()) {
            io.err("Could not access KVM kernel module: No such file or directory\n"
                    + "qemu-system-x86_64: failed to initialize kvm: No such file or directory\n");
            return 1;
        }
        if (accel.equals("kvm") && !host.kvmBoots()) {
            io.err("qemu-system-x86_64: terminating on signal 15 from pid 4242 (timeout)\n");
            return 1;
        }
        io.out("Linux version " + KERNEL + "\n");
        return 0;
    }
}
