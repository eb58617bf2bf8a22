package dev.virtdeck.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code host-check}'s judgement: for each hypervisor kind, whether the host can run it now, could after an
 * install, or cannot, with the evidence and the next step. A pure function of a {@link HostSurvey} (and a
 * {@link KvmProbe.Result} when one was made), so every rule is testable without a host.
 */
public final class Readiness {

    /** The kinds judged, in report order, named like {@code host-setup}'s flags. */
    public static final List<String> KINDS = List.of("kvm", "xen", "vbox", "lxc");

    public enum Verdict {
        READY, INSTALLABLE, IMPOSSIBLE;

        /** @return the word used in output */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One kind's judgement.
     *
     * @param kind     kvm, xen, vbox or lxc
     * @param verdict  ready, installable or impossible
     * @param evidence what the verdict rests on, one fact per entry
     * @param next     the exact next step, null when there is nothing to do
     */
    public record Check(String kind, Verdict verdict, List<String> evidence, String next) {
        public Check {
            evidence = List.copyOf(evidence);
        }
    }

    private Readiness() {
    }

    /**
     * @param host  inventory name, for the next steps' command lines
     * @param probe the KVM probe's result, null when {@code --probe} was not given
     */
    public static List<Check> assess(String host, HostSurvey s, KvmProbe.Result probe) {
        return List.of(kvm(host, s, probe), xen(host, s), vbox(s), lxc(host, s));
    }

    static Check kvm(String host, HostSurvey s, KvmProbe.Result probe) {
        HostFacts f = s.facts();
        List<String> ev = new ArrayList<>();
        ev.add(cpuFlags(s));
        if (s.nested() != null) ev.add("nested virtualization parameter: " + s.nested());
        ev.add(f.devKvm() ? "/dev/kvm present" + (f.devKvmWritable() ? ", writable by the SSH user" : ", not writable by the SSH user")
                : "no /dev/kvm");
        ev.add(f.kvmModules().isEmpty() ? "kvm modules: none loaded" : "kvm modules: " + String.join(", ", f.kvmModules()));
        ev.add(s.qemu() != null ? "QEMU: " + s.qemu() : "QEMU: not installed");
        ev.add(libvirtLine(s));
        if (probe != null) {
            ev.add("probe: " + probe.kvm().describe());
            if (probe.tcg() != null) ev.add("probe: " + probe.tcg().describe());
        }
        boolean hardware = f.devKvm() || f.vmx() || f.svm();
        if (probe != null && !probe.kvmWorks()) {
            String tcg = probe.tcg() != null && probe.tcg().booted()
                    ? "libvirt can still run guests without acceleration: create them with --virt-type qemu (TCG, much slower)"
                    : "check the probe's message above";
            return new Check("kvm", Verdict.IMPOSSIBLE, ev, "KVM does not run guests on this host; " + tcg
                    + (s.inVm() ? "; or enable nested virtualization (vmx/svm) on the hypervisor this host runs on" : ""));
        }
        if (!hardware) {
            return new Check("kvm", Verdict.IMPOSSIBLE, ev, "the CPU shows neither vmx nor svm and there is no /dev/kvm: "
                    + (s.inVm() ? "enable nested virtualization on the hypervisor this host runs on"
                    : "enable VT-x/AMD-V in the firmware setup") + "; without it only TCG emulation (--virt-type qemu) is possible");
        }
        if (!f.devKvm()) {
            return new Check("kvm", Verdict.INSTALLABLE, ev, "load the module: modprobe " + (f.svm() ? "kvm_amd" : "kvm_intel")
                    + (installed(s) ? "" : "; then " + setup(host, s, "--kvm")));
        }
        if (installed(s)) {
            return new Check("kvm", Verdict.READY, ev, probe == null ? "prove it with: virtdeck host-check " + host + " --probe" : null);
        }
        return new Check("kvm", Verdict.INSTALLABLE, ev, setup(host, s, "--kvm"));
    }

    static Check xen(String host, HostSurvey s) {
        List<String> ev = new ArrayList<>();
        if (s.hypervisorType() != null) ev.add("running on hypervisor: " + s.hypervisorType()
                + (s.xenVersion() != null ? " " + s.xenVersion() : ""));
        else ev.add("not running on Xen (no /sys/hypervisor/type)");
        if (s.xenCaps() != null) ev.add("/proc/xen/capabilities: " + s.xenCaps());
        List<String> tools = s.facts().toolstacks().stream().filter(t -> t.equals("xl") || t.equals("xm") || t.equals("xe")).toList();
        ev.add(tools.isEmpty() ? "Xen toolstack: none (no xl, xm or xe)" : "Xen toolstack: " + String.join(", ", tools));
        ev.add(cpuFlags(s));
        if (s.iommuUnits() > 0) ev.add("IOMMU: " + s.iommuUnits() + " unit(s) (PCI passthrough possible)");
        else ev.add("IOMMU: none enabled (no PCI passthrough)");
        if (s.xenDom0()) {
            if (!tools.isEmpty()) return new Check("xen", Verdict.READY, ev, null);
            return new Check("xen", Verdict.INSTALLABLE, ev, "Xen runs but no toolstack: " + setup(host, s, "--xen"));
        }
        if (s.xenDomU()) {
            return new Check("xen", Verdict.IMPOSSIBLE, ev, "this host is a Xen guest (domU): Xen cannot be installed inside it");
        }
        if (s.rhelFamily()) {
            return new Check("xen", Verdict.IMPOSSIBLE, ev, "RHEL-family distributions ship no Xen packages;"
                    + " use Debian, Ubuntu or Fedora, or XCP-ng");
        }
        if (tools.contains("xl")) {
            return new Check("xen", Verdict.INSTALLABLE, ev, "Xen is installed but not running: reboot into the Xen boot entry");
        }
        String pvOnly = s.facts().vmx() || s.facts().svm() ? "" : " (no vmx/svm: PV guests only)";
        return new Check("xen", Verdict.INSTALLABLE, ev, setup(host, s, "--xen") + ", then reboot into Xen" + pvOnly);
    }

    static Check vbox(HostSurvey s) {
        HostFacts f = s.facts();
        List<String> ev = new ArrayList<>();
        ev.add(s.vboxVersion() != null ? "VBoxManage " + s.vboxVersion() : "VirtualBox: not installed");
        ev.add(s.otherModules().contains("vboxdrv") ? "vboxdrv module loaded" : "vboxdrv module not loaded");
        ev.add(cpuFlags(s));
        boolean kvmLoaded = f.kvmModules().contains("kvm_intel") || f.kvmModules().contains("kvm_amd");
        if (kvmLoaded) ev.add("KVM holds VT-x/AMD-V (" + String.join(", ", f.kvmModules()) + " loaded): VirtualBox 7.0"
                + " and older cannot start VMs while it does");
        if (s.vboxVersion() != null && s.otherModules().contains("vboxdrv")) return new Check("vbox", Verdict.READY, ev, null);
        if (!f.vmx() && !f.svm()) {
            return new Check("vbox", Verdict.IMPOSSIBLE, ev, "VirtualBox 6.1 and later need VT-x/AMD-V, which the CPU does not show"
                    + (s.inVm() ? " (enable nested virtualization on the hypervisor this host runs on)" : ""));
        }
        if (s.vboxVersion() != null) {
            return new Check("vbox", Verdict.INSTALLABLE, ev, "load the kernel driver: /sbin/vboxconfig (as root)");
        }
        return new Check("vbox", Verdict.INSTALLABLE, ev, "install VirtualBox from Oracle's repository"
                + " (download.virtualbox.org; Debian 12 has no virtualbox package); host-setup does not install it");
    }

    static Check lxc(String host, HostSurvey s) {
        List<String> ev = new ArrayList<>();
        ev.add(s.namespaces() ? "kernel namespaces: pid, mnt, net" : "kernel namespaces: missing");
        boolean cgroups = "cgroup2fs".equals(s.cgroupFs()) || "tmpfs".equals(s.cgroupFs());
        ev.add(!cgroups ? "cgroups: not mounted at /sys/fs/cgroup" + (s.cgroupFs() == null ? "" : " (" + s.cgroupFs() + " there)")
                : "cgroups: " + ("cgroup2fs".equals(s.cgroupFs()) ? "v2" : "v1 (controllers under a tmpfs at /sys/fs/cgroup)"));
        ev.add(s.libvirtDrivers().contains("lxc") ? "libvirt LXC driver installed" : "libvirt LXC driver not installed");
        ev.add(libvirtLine(s));
        if (!s.namespaces()) return new Check("lxc", Verdict.IMPOSSIBLE, ev, "the kernel lacks namespaces (CONFIG_NAMESPACES)");
        if (!cgroups) return new Check("lxc", Verdict.IMPOSSIBLE, ev, "no cgroup file system at /sys/fs/cgroup:"
                + " mount cgroup2 there (or the v1 controllers) first");
        if (s.libvirtDrivers().contains("lxc") && !s.libvirtSockets().isEmpty()) {
            return new Check("lxc", Verdict.READY, ev, "name the kind in the inventory, e.g. drivers: [libvirt, lxc]"
                    + " (LXC is never auto-detected: no command reveals libvirt's LXC driver)");
        }
        return new Check("lxc", Verdict.INSTALLABLE, ev, setup(host, s, "--lxc"));
    }

    /** libvirt with its QEMU driver and a daemon socket, and QEMU itself. */
    private static boolean installed(HostSurvey s) {
        return s.virshVersion() != null && s.qemu() != null && !s.libvirtSockets().isEmpty()
                && (s.libvirtDrivers().isEmpty() || s.libvirtDrivers().contains("qemu"));
    }

    private static String setup(String host, HostSurvey s, String flag) {
        if (s.packageManager() == null || !(s.packageManager().equals("apt-get") || s.packageManager().equals("dnf"))) {
            return "install it by hand: host-setup supports apt (Debian, Ubuntu) and dnf (RHEL family, Fedora) only"
                    + (s.packageManager() != null ? ", this host has " + s.packageManager() : "");
        }
        return "virtdeck host-setup " + host + " " + flag;
    }

    private static String cpuFlags(HostSurvey s) {
        HostFacts f = s.facts();
        String flags = f.vmx() ? "vmx (Intel VT-x)" : f.svm() ? "svm (AMD-V)" : "neither vmx nor svm";
        return "CPU flags: " + flags + (s.inVm() ? "; this host is itself a virtual machine" : "");
    }

    private static String libvirtLine(HostSurvey s) {
        if (s.virshVersion() == null) return "libvirt: not installed (no virsh)";
        return "libvirt: virsh " + s.virshVersion() + ", "
                + (s.libvirtSockets().isEmpty() ? "daemon not running (no socket in /run/libvirt)" : "daemon socket " + s.libvirtSockets().get(0))
                + (s.libvirtDrivers().isEmpty() ? "" : ", drivers " + String.join(", ", s.libvirtDrivers()));
    }
}
