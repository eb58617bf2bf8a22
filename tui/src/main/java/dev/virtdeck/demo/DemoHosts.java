package dev.virtdeck.demo;

import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.sim.xapi.XapiPowerState;

import java.time.Instant;
import java.util.List;

/**
 * The demo lab's simulated hosts and their VMs: a KVM host (virsh), a Xen host (xl), a VirtualBox 7.0 host
 * and an XCP-ng pool of two members (XAPI), with VMs in every state a driver has to show (running, paused,
 * shut off, saved, suspended, crashed) and names with a space.
 */
final class DemoHosts {
    static final String KVM = "kvm1";
    static final String XEN = "xen1";
    static final String VBOX = "vbox1";
    static final String XCP_MASTER = "xcp1";
    static final String XCP_MEMBER = "xcp2";

    /** The base image on kvm1 that {@code create --image} examples use. */
    static final String BASE_IMAGE = "/var/lib/libvirt/images/debian12.qcow2";

    private static final long GIB = 1024L * 1024 * 1024;

    private DemoHosts() {
    }

    /** New hosts, in inventory order: kvm1, xen1, vbox1, then the members of {@code xcp} (xcp1, xcp2). */
    static List<SimHost> create(SimXapiPool xcp) {
        List<SimHost> all = new java.util.ArrayList<>(List.of(kvm(), xen(), vbox()));
        all.addAll(xcp.hosts());
        return all;
    }

    static SimHost kvm() {
        SimHost h = SimHost.of(HostKind.KVM, KVM).cpus(8).memoryMb(32768);
        // snapshots for `snapshot list`: one taken shut off (disks only), one running (with memory)
        SimVm web1 = kvmVm(h, "web-1", 2, 2, 2048, 2048);
        web1.takeSnapshot("base", "fresh install", Instant.parse("2026-12-01T10:00:00Z").getEpochSecond());
        web1.state(VmPowerState.RUNNING);
        web1.takeSnapshot("before-upgrade", null, Instant.parse("2026-12-06T10:00:00Z").getEpochSecond());
        kvmVm(h, "web-2", 2, 4, 1536, 2048).state(VmPowerState.RUNNING);
        kvmVm(h, "db-1", 4, 4, 4096, 4096).state(VmPowerState.PAUSED);
        kvmVm(h, "build-runner", 1, 2, 1024, 2048); // shut off
        kvmVm(h, "archive", 1, 1, 512, 512).state(VmPowerState.SAVED, "saved");
        kvmVm(h, "legacy-app", 1, 1, 768, 768).state(VmPowerState.ABORTED);
        // a base image for `create --image` (copy-on-write overlays)
        h.files().putImage(BASE_IMAGE, 2 * GIB, "qcow2", null);
        return h;
    }

    private static SimVm kvmVm(SimHost h, String name, int vcpus, int maxVcpus, int memMb, int maxMemMb) {
        String image = "/var/lib/libvirt/images/" + name + ".qcow2";
        h.files().putImage(image, 20 * GIB);
        return h.addVm(name).vcpus(vcpus, maxVcpus).memory(memMb, maxMemMb).disk("vda", image);
    }

    static SimHost xen() {
        SimHost h = SimHost.of(HostKind.XEN, XEN).cpus(4).memoryMb(16384).dom0MemoryMb(1024);
        h.addXenGuest("mail", 1024, 2048, 2, 2).state(VmPowerState.RUNNING);
        h.addXenGuest("dns", 512, 512, 1, 1).state(VmPowerState.RUNNING);
        h.addXenGuest("batch", 2048, 2048, 2, 4).state(VmPowerState.PAUSED);
        h.addXenGuest("scratch", 512, 1024, 1, 2); // only a config file: shut off
        return h;
    }

    static SimHost vbox() {
        // 4 CPUs, 16000 MiB: the figures the simulated `VBoxManage list hostinfo` prints, so both fact sources agree
        SimHost h = SimHost.vbox(VBOX, VBoxVersion.V7_0).cpus(4).memoryMb(16000);
        vboxVm(h, "Windows 11", "Windows11_64", 4, 8192).state(VmPowerState.RUNNING);
        vboxVm(h, "dev box", "Ubuntu_64", 2, 4096).state(VmPowerState.SAVED);
        vboxVm(h, "ci-runner", "Debian_64", 2, 2048); // powered off
        vboxVm(h, "old-test", "Debian_64", 1, 1024).state(VmPowerState.ABORTED);
        return h;
    }

    private static SimVm vboxVm(SimHost h, String name, String ostype, int vcpus, int memMb) {
        String socket = "/tmp/vbox-" + name.replace(' ', '-') + ".sock";
        return h.addVm(name).ostype(ostype).vcpus(vcpus).memory(memMb).uartServer(socket);
    }

    /** An XCP-ng pool: xcp1 is the master, xcp2 a member; each answers for the whole pool. */
    static SimXapiPool xcpPool() {
        SimXapiPool pool = SimXapiPool.create("lab-pool");
        SimHost master = pool.addHost(XCP_MASTER, true);
        SimHost member = pool.addHost(XCP_MEMBER, false);
        pool.addVm("app server").memory(1024, 1024, 2048, 4096).vcpus(2, 4).addDisk("app server root", 16384)
                .residentOn(master).state(XapiPowerState.RUNNING);
        pool.addVm("ldap").memoryMb(512).vcpus(1, 2).addDisk("ldap root", 4096)
                .residentOn(member).state(XapiPowerState.RUNNING);
        pool.addVm("reports").memoryMb(2048).vcpus(2, 2).addDisk("reports root", 8192)
                .residentOn(member).state(XapiPowerState.PAUSED);
        pool.addVm("staging").memoryMb(1024).vcpus(1, 2).addDisk("staging root", 8192)
                .residentOn(master).state(XapiPowerState.SUSPENDED);
        pool.addVm("win-build").memoryMb(4096).vcpus(4, 4).hvm().addDisk("win-build C", 40960); // halted
        return pool;
    }
}
