package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.libvirt.LibvirtLabContract;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.testlab.LabEnv;

/** The driver contract for the virsh driver against the lab, over lab2's sshd (the host the inventory gives virsh). */
class VirshDriverContractLabTest extends LibvirtLabContract {
    @Override
    protected SshTarget target(LabEnv lab) {
        return lab.target2();
    }

    @Override
    protected HypervisorDriver open(LabEnv lab, SshHost ssh) {
        return new VirshDriver("lab2", ssh, lab.uri(), false);
    }
}
