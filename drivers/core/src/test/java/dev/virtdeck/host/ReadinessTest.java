package dev.virtdeck.host;

import dev.virtdeck.ssh.ExecResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** host-check's rules, from surveys as real hosts print them. */
class ReadinessTest {

    /** Captured on this lab machine (a Firecracker VM, Debian 12): /dev/kvm present, no vmx/svm flag. */
    static final String LAB_MACHINE = HostFactsTest.NESTED_NO_FLAGS + """
            kernel=6.18.44-fc-v1300
            arch=x86_64
            uid=0
            os_id=debian
            os_like=
            os_version=12
            os_name=Debian GNU/Linux 12 (bookworm)
            in_vm=1
            iommu=0
            pkg=apt-get
            init=process_api
            qemu=/usr/bin/qemu-system-x86_64
            libvirt_socket=/run/libvirt/libvirt-sock
            libvirt_driver=qemu
            libvirt_driver=lxc
            libvirt_driver=libxl
            virsh_version=9.0.0
            namespaces=1
            cgroup=tmpfs
            boot_kernel=/boot/vmlinuz-6.1.0-57-amd64
            """;

    /** A fresh Debian 12 install on an Intel machine: nothing virtual installed. */
    static final String BARE_DEBIAN = """
            hostname=bare
            cpus=8
            vmx=1
            svm=0
            devkvm=1
            devkvm_writable=0
            module=kvm
            module=kvm_intel
            MemTotal:       16384000 kB
            MemAvailable:   15000000 kB
            kernel=6.1.0-28-amd64
            arch=x86_64
            uid=1000
            sudo=1
            os_id=debian
            os_version=12
            in_vm=0
            nested=Y
            iommu=4
            pkg=apt-get
            init=systemd
            namespaces=1
            cgroup=cgroup2fs
            """;

    static Readiness.Check check(String kind, String survey, KvmProbe.Result probe) {
        return Readiness.assess("h1", HostSurvey.parse(survey), probe).stream()
                .filter(c -> c.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void surveyParsesEveryFact() {
        HostSurvey s = HostSurvey.parse(LAB_MACHINE);
        assertTrue(s.facts().devKvm());
        assertEquals("debian", s.osId());
        assertTrue(s.debianFamily());
        assertTrue(s.inVm());
        assertTrue(s.root());
        assertEquals(List.of("qemu", "lxc", "libxl"), s.libvirtDrivers());
        assertEquals("9.0.0", s.virshVersion());
        assertEquals("/boot/vmlinuz-6.1.0-57-amd64", s.bootKernel());
        assertEquals("tmpfs", s.cgroupFs());
        assertEquals(List.of("kvm", "xen", "vbox", "lxc"),
                Readiness.assess("h", s, null).stream().map(Readiness.Check::kind).toList());
    }

    @Test
    void kvmIsReadyOnTheLabMachineUntilTheProbeShowsItHangs() {
        Readiness.Check unprobed = check("kvm", LAB_MACHINE, null);
        assertEquals(Readiness.Verdict.READY, unprobed.verdict());
        assertEquals("prove it with: virtdeck host-check h1 --probe", unprobed.next());

        KvmProbe.Result hung = new KvmProbe.Result(
                new KvmProbe.Boot("kvm", false, 30.0, "its serial console printed nothing within 30 s"),
                new KvmProbe.Boot("tcg", true, 5.0, "Linux version 6.1.0-57-amd64"));
        Readiness.Check probed = check("kvm", LAB_MACHINE, hung);
        assertEquals(Readiness.Verdict.IMPOSSIBLE, probed.verdict());
        assertTrue(probed.next().contains("--virt-type qemu"), probed.next());
        assertTrue(probed.next().contains("nested virtualization"), probed.next());
        assertTrue(probed.evidence().contains("probe: kvm guest did not boot: its serial console printed nothing within 30 s"),
                probed.evidence().toString());
        assertTrue(probed.evidence().contains("probe: tcg guest reached its kernel (Linux version 6.1.0-57-amd64) in 5.0 s"),
                probed.evidence().toString());

        KvmProbe.Result works = new KvmProbe.Result(new KvmProbe.Boot("kvm", true, 1.2, "Linux version 6.1.0-57-amd64"), null);
        Readiness.Check proven = check("kvm", LAB_MACHINE, works);
        assertEquals(Readiness.Verdict.READY, proven.verdict());
        assertNull(proven.next());
    }

    @Test
    void aBareDebianHostCanInstallKvmXenAndLxcButNeedsOracleForVirtualBox() {
        assertEquals(Readiness.Verdict.INSTALLABLE, check("kvm", BARE_DEBIAN, null).verdict());
        assertEquals("virtdeck host-setup h1 --kvm", check("kvm", BARE_DEBIAN, null).next());
        Readiness.Check xen = check("xen", BARE_DEBIAN, null);
        assertEquals(Readiness.Verdict.INSTALLABLE, xen.verdict());
        assertEquals("virtdeck host-setup h1 --xen, then reboot into Xen", xen.next());
        assertTrue(xen.evidence().contains("IOMMU: 4 unit(s) (PCI passthrough possible)"), xen.evidence().toString());
        Readiness.Check vbox = check("vbox", BARE_DEBIAN, null);
        assertEquals(Readiness.Verdict.INSTALLABLE, vbox.verdict());
        assertTrue(vbox.next().contains("Oracle"), vbox.next());
        assertTrue(vbox.evidence().stream().anyMatch(e -> e.startsWith("KVM holds VT-x/AMD-V")), vbox.evidence().toString());
        assertEquals("virtdeck host-setup h1 --lxc", check("lxc", BARE_DEBIAN, null).next());
    }

    @Test
    void noVirtualizationFlagsAndNoDevKvmMakeKvmAndVirtualBoxImpossible() {
        String noVt = BARE_DEBIAN.replace("vmx=1", "vmx=0").replace("devkvm=1", "devkvm=0")
                .replace("module=kvm\nmodule=kvm_intel\n", "");
        Readiness.Check kvm = check("kvm", noVt, null);
        assertEquals(Readiness.Verdict.IMPOSSIBLE, kvm.verdict());
        assertTrue(kvm.next().startsWith("the CPU shows neither vmx nor svm and there is no /dev/kvm: enable VT-x/AMD-V"), kvm.next());
        assertTrue(kvm.evidence().contains("CPU flags: neither vmx nor svm"), kvm.evidence().toString());
        assertEquals(Readiness.Verdict.IMPOSSIBLE, check("vbox", noVt, null).verdict());
        Readiness.Check xen = check("xen", noVt, null);
        assertEquals(Readiness.Verdict.INSTALLABLE, xen.verdict());
        assertTrue(xen.next().endsWith("(no vmx/svm: PV guests only)"), xen.next());
    }

    @Test
    void kvmFlagsWithoutTheModuleSayWhichModuleToLoad() {
        String unloaded = BARE_DEBIAN.replace("devkvm=1", "devkvm=0").replace("module=kvm\nmodule=kvm_intel\n", "");
        Readiness.Check kvm = check("kvm", unloaded, null);
        assertEquals(Readiness.Verdict.INSTALLABLE, kvm.verdict());
        assertEquals("load the module: modprobe kvm_intel; then virtdeck host-setup h1 --kvm", kvm.next());
    }

    @Test
    void xenDom0IsReadyADomUIsNotAndRhelShipsNoXen() {
        String dom0 = BARE_DEBIAN.replace("vmx=1", "vmx=0") + "tool=xl\nhv_type=xen\nxen_caps=control_d\nxen_version=4.17.5-pre\n";
        Readiness.Check ready = check("xen", dom0, null);
        assertEquals(Readiness.Verdict.READY, ready.verdict());
        assertTrue(ready.evidence().contains("running on hypervisor: xen 4.17.5-pre"), ready.evidence().toString());
        String domU = BARE_DEBIAN + "hv_type=xen\n";
        assertEquals(Readiness.Verdict.IMPOSSIBLE, check("xen", domU, null).verdict());
        String rocky = BARE_DEBIAN.replace("os_id=debian", "os_id=rocky\nos_like=rhel centos fedora").replace("pkg=apt-get", "pkg=dnf");
        assertEquals(Readiness.Verdict.IMPOSSIBLE, check("xen", rocky, null).verdict());
        assertEquals("virtdeck host-setup h1 --kvm", check("kvm", rocky, null).next());
        String installedNotBooted = BARE_DEBIAN + "tool=xl\n";
        assertEquals("Xen is installed but not running: reboot into the Xen boot entry", check("xen", installedNotBooted, null).next());
    }

    @Test
    void lxcNeedsNamespacesAndCgroupsAndIsReadyWithLibvirtsDriver() {
        assertEquals(Readiness.Verdict.READY, check("lxc", LAB_MACHINE, null).verdict());
        assertTrue(check("lxc", LAB_MACHINE, null).next().startsWith("name the kind in the inventory, e.g. drivers: [libvirt, lxc]"));
        assertEquals(Readiness.Verdict.IMPOSSIBLE, check("lxc", BARE_DEBIAN.replace("namespaces=1\n", ""), null).verdict());
        assertEquals(Readiness.Verdict.IMPOSSIBLE, check("lxc", BARE_DEBIAN.replace("cgroup=cgroup2fs\n", ""), null).verdict());
        String zypper = BARE_DEBIAN.replace("pkg=apt-get", "pkg=zypper");
        assertTrue(check("lxc", zypper, null).next().startsWith("install it by hand"), check("lxc", zypper, null).next());
    }

    @Test
    void probeOutcomesAreReadFromExitCodeAndQemusMessage() {
        Duration limit = Duration.ofSeconds(30);
        KvmProbe.Boot hung = KvmProbe.interpret("kvm", limit, new ExecResult("sh -c ...", 1, "",
                "qemu-system-x86_64: warning: host doesn't support requested feature: CPUID.01H:ECX.pni [bit 0]\n"
                        + "qemu-system-x86_64: terminating on signal 15 from pid 12512 (timeout)\n", Duration.ofSeconds(30)));
        assertEquals("its serial console printed nothing within 30 s", hung.detail());
        KvmProbe.Boot denied = KvmProbe.interpret("kvm", limit, new ExecResult("sh -c ...", 1, "",
                "Could not access KVM kernel module: Permission denied\n"
                        + "qemu-system-x86_64: failed to initialize kvm: Permission denied\n", Duration.ofMillis(80)));
        assertEquals("Could not access KVM kernel module: Permission denied", denied.detail());
        KvmProbe.Boot noQemu = KvmProbe.interpret("kvm", limit,
                new ExecResult("sh -c ...", 4, "", "qemu-system-x86_64 is not installed\n", Duration.ofMillis(5)));
        assertEquals("qemu-system-x86_64 is not installed", noQemu.detail());
        KvmProbe.Boot ok = KvmProbe.interpret("tcg", limit,
                new ExecResult("sh -c ...", 0, "Linux version 6.1.0-57-amd64\n", "", Duration.ofMillis(5200)));
        assertTrue(ok.booted());
        assertEquals("tcg guest reached its kernel (Linux version 6.1.0-57-amd64) in 5.2 s", ok.describe());
    }
}
