package dev.virtdeck.host;

import dev.virtdeck.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** host-setup's plans, from surveys and package databases as real hosts report them. */
class HostSetupTest {

    static HostSurvey survey(String extra) {
        return HostSurvey.parse(ReadinessTest.BARE_DEBIAN + extra);
    }

    /** The bare Debian survey as another distribution with its package manager. */
    static HostSurvey os(String id, String like, String pm) {
        return HostSurvey.parse(ReadinessTest.BARE_DEBIAN.replace("os_id=debian", "os_id=" + id + "\nos_like=" + like)
                .replace("pkg=apt-get", "pkg=" + pm));
    }

    static List<String> commands(HostSetup.Plan p) {
        return p.steps().stream().map(s -> s.command().shellLine()).toList();
    }

    @Test
    void aFreshDebianHostGetsUpdateInstallAndTheDaemonStartedThroughSudo() {
        HostSetup.Plan p = HostSetup.plan("h", HostSetup.Kind.KVM, survey(""), Set.of());
        assertEquals(List.of("sudo -n LC_ALL=C apt-get update",
                "sudo -n LC_ALL=C env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends"
                        + " qemu-system-x86 qemu-utils libvirt-daemon-system libvirt-clients dnsmasq-base",
                "sudo -n LC_ALL=C systemctl enable --now libvirtd"), commands(p));
        assertEquals("Debian 12", p.distro().replace("debian", "Debian"));
    }

    @Test
    void whatIsInstalledAndRunningIsLeftAloneSoASecondRunHasNothingToDo() {
        HostSurvey ready = survey("libvirt_socket=/run/libvirt/libvirt-sock\nlibvirt_driver=qemu\n");
        Set<String> all = Set.of("qemu-system-x86", "qemu-utils", "libvirt-daemon-system", "libvirt-clients", "dnsmasq-base");
        HostSetup.Plan p = HostSetup.plan("h", HostSetup.Kind.KVM, ready, all);
        assertTrue(p.nothingToDo(), p.toString());
        assertEquals(List.of("installed: qemu-system-x86, qemu-utils, libvirt-daemon-system, libvirt-clients, dnsmasq-base",
                "libvirt's daemon runs (/run/libvirt/libvirt-sock)"), p.present());

        HostSetup.Plan partial = HostSetup.plan("h", HostSetup.Kind.KVM, ready, Set.of("qemu-utils", "libvirt-clients"));
        assertTrue(commands(partial).get(1).endsWith("install -y --no-install-recommends qemu-system-x86 libvirt-daemon-system dnsmasq-base"),
                commands(partial).toString());
    }

    @Test
    void withoutAnInitSystemTheDaemonIsStartedDirectlyAndLxcRestartsItToLoadTheDriver() {
        HostSurvey bare = HostSurvey.parse(ReadinessTest.BARE_DEBIAN.replace("init=systemd", "init=sshd").replace("uid=1000", "uid=0"));
        HostSetup.Plan kvm = HostSetup.plan("h", HostSetup.Kind.KVM, bare, Set.of());
        assertEquals("LC_ALL=C sh -c " + dev.virtdeck.ssh.ShellQuote.quote(HostSetup.START_LIBVIRTD), commands(kvm).get(2));

        HostSurvey running = HostSurvey.parse(ReadinessTest.BARE_DEBIAN + "libvirt_socket=/run/libvirt/libvirt-sock\n"
                + "libvirt_driver=qemu\n");
        HostSetup.Plan lxc = HostSetup.plan("h", HostSetup.Kind.LXC, running, Set.of("libvirt-daemon-system", "libvirt-clients"));
        assertEquals(List.of("sudo -n LC_ALL=C apt-get update",
                "sudo -n LC_ALL=C env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libvirt-daemon-driver-lxc",
                "sudo -n LC_ALL=C systemctl restart libvirtd"), commands(lxc));
    }

    @Test
    void xenOnDebianSaysWhatChangesInTheBootLoaderAndNeverReboots() {
        HostSetup.Plan p = HostSetup.plan("h", HostSetup.Kind.XEN, survey(""), Set.of());
        assertTrue(commands(p).get(1).endsWith("install -y --no-install-recommends xen-system-amd64"), commands(p).toString());
        assertTrue(p.notes().get(0).contains("/etc/grub.d/20_linux_xen"), p.notes().toString());
        assertTrue(p.notes().get(1).contains("virtdeck never reboots a host"), p.notes().toString());
        assertTrue(p.notes().get(1).endsWith("'virtdeck host-check h'"), p.notes().toString());
        assertTrue(commands(p).stream().noneMatch(c -> c.contains("reboot")), commands(p).toString());

        HostSurvey rocky = os("rocky", "rhel centos fedora", "dnf");
        assertThrows(InvalidRequestException.class, () -> HostSetup.plan("h", HostSetup.Kind.XEN, rocky, Set.of()));
        HostSetup.Plan kvm = HostSetup.plan("h", HostSetup.Kind.KVM, rocky, Set.of());
        assertEquals("sudo -n LC_ALL=C dnf install -y qemu-kvm qemu-img libvirt", commands(kvm).get(0));
    }

    @Test
    void hostsWithoutAptOrDnfOrWithoutRootAndSudoAreRefusedWithTheReason() {
        InvalidRequestException noPm = assertThrows(InvalidRequestException.class,
                () -> HostSetup.checkSupported("h", os("opensuse-leap", "suse", "zypper")));
        assertTrue(noPm.getMessage().contains("h has zypper"), noPm.getMessage());
        HostSurvey noSudo = HostSurvey.parse(ReadinessTest.BARE_DEBIAN.replace("sudo=1\n", ""));
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> HostSetup.checkSupported("h", noSudo));
        assertTrue(e.getMessage().contains("needs root or passwordless sudo on h"), e.getMessage());
    }

    @Test
    void installedPackagesAreReadFromDpkgAndRpm() {
        HostSurvey deb = survey("");
        List<String> pkgs = List.of("qemu-utils", "libvirt-clients", "qemu-system-x86");
        assertEquals(Set.of("qemu-utils"), HostSetup.parseInstalled(deb, pkgs,
                "ii  qemu-utils\nrc  libvirt-clients\nun  qemu-system-x86\n"));
        HostSurvey rpm = os("fedora", "", "dnf");
        assertEquals(Set.of("libvirt"), HostSetup.parseInstalled(rpm, List.of("qemu-kvm", "libvirt"),
                "package qemu-kvm is not installed\nlibvirt\n"));
    }
}
