package dev.virtdeck.vbox;

import dev.virtdeck.contract.SimDriverContract;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.ssh.SshHost;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The driver contract for VBoxManage on simulated VirtualBox 5.2, 6.1 and 7.0 hosts. The VM under
 * test has what VirtualBox needs for every live change: CPU hot-plug, a SATA controller with free
 * ports, the guest memory balloon, and UART1 as a server socket for its console.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxDriverContractSimTest {

    @Nested
    class VirtualBox52 extends SimulatedVBox {
        VirtualBox52() {
            super(VBoxVersion.V5_2);
        }
    }

    @Nested
    class VirtualBox61 extends SimulatedVBox {
        VirtualBox61() {
            super(VBoxVersion.V6_1);
        }
    }

    @Nested
    class VirtualBox70 extends SimulatedVBox {
        VirtualBox70() {
            super(VBoxVersion.V7_0);
        }
    }

    abstract static class SimulatedVBox extends SimDriverContract {
        /** A name with a space: VBoxManage takes it as one argv word. */
        static final String VBOX_GUEST = "vdc guest";

        final VBoxVersion version;

        SimulatedVBox(VBoxVersion version) {
            this.version = version;
        }

        @Override
        protected SimHost host() {
            SimHost h = SimHost.vbox("vbox-sim", version).acpiShutdownDelay(Duration.ofMillis(100));
            h.addVm(VBOX_GUEST).memory(1024).vcpus(1, 4).cpuHotplug(true).uartServer("/tmp/vdc-guest.sock")
                    .addController(new SimVm.Controller("SATA", "sata", "IntelAhci", 4, 30, 1, true));
            h.addVm(DEAF).memory(512).acpiHonoured(false);
            return h;
        }

        @Override
        protected HypervisorDriver open(SimHost host, SshHost ssh) {
            return new VBoxDriver(host.hostname(), ssh);
        }

        @Override
        protected String vm() {
            return VBOX_GUEST;
        }

        /** VirtualBox boots no kernel directly: a VM without boot medium. */
        @Override
        protected CreateSpec createSpec(String name, Long diskMiB) {
            return new CreateSpec(name, 1, 2, 128, 256, diskMiB, null, null, null, null);
        }
    }
}
