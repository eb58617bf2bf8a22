package dev.virtdeck.vbox;

import dev.virtdeck.contract.DriverContract;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The driver contract for VBoxManage on simulated VirtualBox 5.2, 6.1 and 7.0 hosts. The VM under
 * test has what VirtualBox needs for every live change: CPU hot-plug, a SATA controller with free
 * ports, the guest memory balloon, and UART1 as a server socket for its console.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxDriverContractSimTest {
    @TempDir
    static Path dir;

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

    abstract static class SimulatedVBox extends DriverContract {
        static final String GUEST = "vdc guest";
        static final String DEAF = "vdc-deaf";

        final VBoxVersion version;
        SimSshHost sim;
        VBoxDriver driver;

        SimulatedVBox(VBoxVersion version) {
            this.version = version;
        }

        @BeforeAll
        void startHost() throws Exception {
            SimHost h = SimHost.vbox("vbox-sim", version).acpiShutdownDelay(Duration.ofMillis(100));
            h.addVm(GUEST).memory(1024).vcpus(1, 4).cpuHotplug(true).uartServer("/tmp/vdc-guest.sock")
                    .addController(new SimVm.Controller("SATA", "sata", "IntelAhci", 4, 30, 1, true));
            h.addVm(DEAF).memory(512).acpiHonoured(false);
            sim = SimSshHost.start(h, dir);
            driver = new VBoxDriver(h.hostname(), sim.ssh());
        }

        @AfterAll
        void stopHost() {
            if (sim != null) sim.close();
        }

        @Override
        protected HypervisorDriver driver() {
            return driver;
        }

        @Override
        protected String vm() {
            return GUEST;
        }

        @Override
        protected String deafVm() {
            return running(DEAF);
        }

        /** VirtualBox boots no kernel directly: a VM without boot medium. */
        @Override
        protected CreateSpec createSpec(String name, Long diskMiB) {
            return new CreateSpec(name, 1, 2, 128, 256, diskMiB, null, null, null, null);
        }
    }
}
