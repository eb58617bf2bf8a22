package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.contract.SimDriverContract;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.ssh.SshHost;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The driver contract for the virsh driver on a simulated libvirt/KVM host (virsh 9.0 as recorded). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VirshDriverContractSimTest extends SimDriverContract {

    @Override
    protected SimHost host() {
        SimHost h = SimHost.of(HostKind.KVM, "kvm-sim").cpus(2).acpiShutdownDelay(Duration.ofMillis(100));
        String disk = "/var/lib/libvirt/images/" + GUEST + ".qcow2";
        h.files().putImage(disk, 64 << 20);
        h.addVm(GUEST).memory(192, 256).vcpus(1, 2).disk("vda", disk);
        h.addVm(DEAF).memory(128).vcpus(1).acpiHonoured(false);
        return h;
    }

    @Override
    protected HypervisorDriver open(SimHost host, SshHost ssh) {
        return new VirshDriver(host.hostname(), ssh, "qemu:///system", false);
    }

    @Override
    protected CreateSpec createSpec(String name, Long diskMiB) {
        return new CreateSpec(name, 1, 2, 64, 128, diskMiB, "/var/lib/libvirt/boot/vmlinuz",
                "/var/lib/libvirt/boot/initrd.gz", "console=ttyS0", null);
    }
}
