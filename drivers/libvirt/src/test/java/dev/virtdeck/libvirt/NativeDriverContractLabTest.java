package dev.virtdeck.libvirt;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.testlab.LabEnv;

/** The driver contract for the native libvirt driver (virt-ssh-helper tunnel) against the lab, over lab1's sshd. */
class NativeDriverContractLabTest extends LibvirtLabContract {
    @Override
    protected SshTarget target(LabEnv lab) {
        return lab.target1();
    }

    @Override
    protected HypervisorDriver open(LabEnv lab, SshHost ssh) {
        return new NativeDriver("lab1", ssh, lab.uri(), false, Trace.NONE);
    }
}
