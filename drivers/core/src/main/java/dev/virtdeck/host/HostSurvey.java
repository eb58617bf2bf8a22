package dev.virtdeck.host;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code host-check} needs to know about a host, toolstack or not: {@link HostFacts} plus the
 * distribution, Xen, IOMMU, libvirt's daemon and plug-ins, VirtualBox, namespaces and cgroups, all
 * gathered by ONE exec of a fixed snippet (no user value in it; run without sudo, it reads only
 * what any user may read).
 *
 * @param facts          the host-facts part (flags, /dev/kvm, kvm modules, toolstacks, CPUs, memory)
 * @param osId           {@code ID} of /etc/os-release (debian, ubuntu, rhel, fedora...), null when unknown
 * @param osLike         {@code ID_LIKE}, "" when none
 * @param osVersion      {@code VERSION_ID}
 * @param osName         {@code PRETTY_NAME}
 * @param kernel         {@code uname -r}
 * @param arch           {@code uname -m}
 * @param uid            the SSH user's uid
 * @param sudo           {@code sudo -n true} works (only tried when not root)
 * @param inVm           the CPU flags include {@code hypervisor}: this host is itself a guest
 * @param nested         kvm_intel/kvm_amd's {@code nested} parameter (Y, N, 1, 0), null when not loaded
 * @param otherModules   loaded modules that matter beyond kvm: vboxdrv, xen_privcmd
 * @param hypervisorType /sys/hypervisor/type (xen when running on Xen), null when absent
 * @param xenCaps        /proc/xen/capabilities ({@code control_d} in dom0), null when absent
 * @param xenVersion     the running Xen's version from /sys/hypervisor/version
 * @param iommuUnits     entries of /sys/class/iommu (0: no IOMMU enabled)
 * @param packageManager apt-get, dnf, yum or zypper: the first found, null when none
 * @param init           systemd, or the name of process 1
 * @param qemu           path of qemu-system-x86_64, null when not installed
 * @param libvirtSockets libvirt daemon sockets present (libvirtd's or virtqemud's)
 * @param libvirtDrivers libvirt connection drivers installed (qemu, lxc, xen)
 * @param virshVersion   {@code virsh --version}, null when no virsh
 * @param vboxVersion    {@code VBoxManage --version}, null when none
 * @param namespaces     the kernel has pid, mount and network namespaces
 * @param cgroupFs       the file system type at /sys/fs/cgroup: cgroup2fs (v2), tmpfs (v1), null when none
 * @param bootKernel     a readable kernel image in /boot, the running one's when there (the probe boots it)
 */
public record HostSurvey(HostFacts facts, String osId, String osLike, String osVersion, String osName,
                         String kernel, String arch, Integer uid, boolean sudo, boolean inVm, String nested,
                         List<String> otherModules, String hypervisorType, String xenCaps, String xenVersion,
                         int iommuUnits, String packageManager, String init, String qemu,
                         List<String> libvirtSockets, List<String> libvirtDrivers, String virshVersion,
                         String vboxVersion, boolean namespaces, String cgroupFs, String bootKernel) {

    /** HostFacts' snippet (which leaves {@code $flags} set), then the survey's own lines. */
    static final String SNIPPET = String.join("\n", HostFacts.body(),
            "echo \"kernel=$(uname -r)\"",
            "echo \"arch=$(uname -m)\"",
            "echo \"uid=$(id -u)\"",
            "if [ -r /etc/os-release ]; then (. /etc/os-release; echo \"os_id=$ID\"; echo \"os_like=$ID_LIKE\";"
                    + " echo \"os_version=$VERSION_ID\"; echo \"os_name=$PRETTY_NAME\"); fi",
            "if [ \"$(id -u)\" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then echo sudo=1; fi",
            "if printf '%s\\n' \"$flags\" | grep -qw hypervisor; then echo in_vm=1; else echo in_vm=0; fi",
            "for m in kvm_intel kvm_amd; do",
            "  if [ -r \"/sys/module/$m/parameters/nested\" ]; then echo \"nested=$(cat \"/sys/module/$m/parameters/nested\")\"; fi",
            "done",
            "for m in vboxdrv xen_privcmd; do",
            "  if [ -d \"/sys/module/$m\" ]; then echo \"kmod=$m\"; fi",
            "done",
            "if [ -r /sys/hypervisor/type ]; then echo \"hv_type=$(cat /sys/hypervisor/type)\"; fi",
            "if [ -r /proc/xen/capabilities ]; then echo \"xen_caps=$(cat /proc/xen/capabilities)\"; fi",
            "if [ -r /sys/hypervisor/version/major ]; then echo \"xen_version=$(cat /sys/hypervisor/version/major)."
                    + "$(cat /sys/hypervisor/version/minor)$(cat /sys/hypervisor/version/extra 2>/dev/null)\"; fi",
            "echo \"iommu=$(ls /sys/class/iommu 2>/dev/null | wc -l)\"",
            "for p in apt-get dnf yum zypper; do",
            "  if command -v \"$p\" >/dev/null 2>&1; then echo \"pkg=$p\"; break; fi",
            "done",
            "if [ -d /run/systemd/system ]; then echo init=systemd; else echo \"init=$(cat /proc/1/comm 2>/dev/null)\"; fi",
            "if command -v qemu-system-x86_64 >/dev/null 2>&1; then echo \"qemu=$(command -v qemu-system-x86_64)\"; fi",
            "for s in /run/libvirt/libvirt-sock /run/libvirt/virtqemud-sock; do",
            "  if [ -S \"$s\" ]; then echo \"libvirt_socket=$s\"; fi",
            "done",
            "for d in /usr/lib/*/libvirt/connection-driver /usr/lib64/libvirt/connection-driver; do",
            "  for k in qemu lxc libxl; do",
            "    if [ -e \"$d/libvirt_driver_$k.so\" ]; then echo \"libvirt_driver=$k\"; fi",
            "  done",
            "done",
            "if command -v virsh >/dev/null 2>&1; then echo \"virsh_version=$(virsh --version 2>/dev/null)\"; fi",
            "if command -v VBoxManage >/dev/null 2>&1; then echo \"vbox_version=$(VBoxManage --version 2>/dev/null | tail -n 1)\"; fi",
            "if [ -e /proc/self/ns/pid ] && [ -e /proc/self/ns/mnt ] && [ -e /proc/self/ns/net ]; then echo namespaces=1; fi",
            "echo \"cgroup=$(stat -fc %T /sys/fs/cgroup 2>/dev/null)\"",
            "k=\"/boot/vmlinuz-$(uname -r)\"; [ -r \"$k\" ] || k=$(ls /boot/vmlinuz-* 2>/dev/null | tail -n 1)",
            "if [ -n \"$k\" ] && [ -r \"$k\" ]; then echo \"boot_kernel=$k\"; fi",
            "exit 0");

    /** How errors name the survey's command. */
    static final String LABEL = "sh -c '<virtdeck host survey script>'";

    public HostSurvey {
        otherModules = List.copyOf(otherModules);
        libvirtSockets = List.copyOf(libvirtSockets);
        libvirtDrivers = List.copyOf(libvirtDrivers);
    }

    /** @return the remote command {@link #gather} runs */
    public static RemoteCommand command() {
        return RemoteCommand.of("sh", "-c", SNIPPET);
    }

    /**
     * Runs the snippet on {@code ssh}.
     *
     * @param host inventory name, for errors
     * @throws CommandFailedException when the snippet does not exit 0
     */
    public static HostSurvey gather(SshHost ssh, String host) {
        ExecResult r = ssh.exec(command());
        if (!r.ok()) { // the script's text would drown the message: name it instead
            throw new CommandFailedException(host, null, LABEL, r.exitCode(), r.stdout(), r.stderr());
        }
        return parse(r.stdout());
    }

    /** Parses the snippet's output; unknown lines are ignored, missing facts become false/null/empty. */
    static HostSurvey parse(String out) {
        HostFacts facts = HostFacts.parse(out);
        String osId = null, osLike = "", osVersion = null, osName = null, kernel = null, arch = null, nested = null;
        String hvType = null, xenCaps = null, xenVersion = null, pkg = null, init = null, qemu = null;
        String virsh = null, vbox = null, cgroup = null, bootKernel = null;
        Integer uid = null;
        int iommu = 0;
        boolean sudo = false, inVm = false, ns = false;
        List<String> kmods = new ArrayList<>();
        List<String> sockets = new ArrayList<>();
        List<String> drivers = new ArrayList<>();
        for (String raw : out.split("\n")) {
            String line = raw.strip();
            int eq = line.indexOf('=');
            if (eq <= 0) continue;
            String value = line.substring(eq + 1).strip();
            String v = value.isEmpty() ? null : value;
            switch (line.substring(0, eq)) {
                case "os_id" -> osId = v;
                case "os_like" -> osLike = value;
                case "os_version" -> osVersion = v;
                case "os_name" -> osName = v;
                case "kernel" -> kernel = v;
                case "arch" -> arch = v;
                case "uid" -> uid = intOrNull(value);
                case "sudo" -> sudo = "1".equals(value);
                case "in_vm" -> inVm = "1".equals(value);
                case "nested" -> nested = v;
                case "kmod" -> kmods.add(value);
                case "hv_type" -> hvType = v;
                case "xen_caps" -> xenCaps = v;
                case "xen_version" -> xenVersion = v;
                case "iommu" -> iommu = intOrNull(value) == null ? 0 : intOrNull(value);
                case "pkg" -> pkg = v;
                case "init" -> init = v;
                case "qemu" -> qemu = v;
                case "libvirt_socket" -> sockets.add(value);
                case "libvirt_driver" -> drivers.add(value);
                case "virsh_version" -> virsh = v;
                case "vbox_version" -> vbox = v;
                case "namespaces" -> ns = "1".equals(value);
                case "cgroup" -> cgroup = v;
                case "boot_kernel" -> bootKernel = v;
                default -> { }
            }
        }
        return new HostSurvey(facts, osId, osLike, osVersion, osName, kernel, arch, uid, sudo, inVm, nested, kmods,
                hvType, xenCaps, xenVersion, iommu, pkg, init, qemu, sockets, drivers, virsh, vbox, ns, cgroup,
                bootKernel);
    }

    /** @return the SSH user is root */
    public boolean root() {
        return uid != null && uid == 0;
    }

    /** @return the distribution is Debian or derived from it (Ubuntu...) */
    public boolean debianFamily() {
        return "debian".equals(osId) || words(osLike).contains("debian");
    }

    /** @return the distribution is RHEL or derived from it (CentOS, Rocky, Alma; not Fedora) */
    public boolean rhelFamily() {
        return List.of("rhel", "centos", "rocky", "almalinux", "ol").contains(osId) || words(osLike).contains("rhel");
    }

    /** @return Xen runs and this host is its control domain (dom0) */
    public boolean xenDom0() {
        return "xen".equals(hypervisorType) && xenCaps != null && xenCaps.contains("control_d");
    }

    /** @return this host is a guest of Xen (domU) */
    public boolean xenDomU() {
        return "xen".equals(hypervisorType) && !xenDom0();
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
    }

    private static Integer intOrNull(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
