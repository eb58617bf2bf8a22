package dev.virtdeck.xen;

import dev.virtdeck.contract.SimDriverContract;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.ssh.SshHost;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The driver contract for xl (with a save directory, so save runs; xm checks the refusal) and xm,
 * each on a simulated Xen host of its own with a PV guest that shuts down when asked and one that
 * ignores it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlDriverContractSimTest {

    @Nested
    class Xl extends SimulatedXen {
        Xl() {
            super(Toolstack.XL, "/var/lib/xen/save");
        }
    }

    @Nested
    class Xm extends SimulatedXen {
        Xm() {
            super(Toolstack.XM, null);
        }

        /** xm has no reset at all, which its capabilities say. */
        @Override
        protected Set<Operation> refusedForVm() {
            return Set.of();
        }

        /**
         * Known deviation: {@code xm mem-max} raises the running domain's maximum, but xm prints no
         * machine-readable domain list, so details keep showing the config's maxmem (and the
         * driver's own check then refuses memory above it).
         */
        @Override
        @Test
        @Order(44)
        protected void maximaChangeInTheScopeTheCapabilitiesOffer() {
            assumeTrue(false, "xm: details show the config's maxmem, not the one xm mem-max set");
        }
    }

    abstract static class SimulatedXen extends SimDriverContract {
        final Toolstack tool;
        final String saveDir;

        SimulatedXen(Toolstack tool, String saveDir) {
            this.tool = tool;
            this.saveDir = saveDir;
        }

        @Override
        protected SimHost host() {
            SimHost h = SimHost.of(tool == Toolstack.XM ? HostKind.XM : HostKind.XEN, "xen-sim")
                    .cpus(2).memoryMb(4096).dom0MemoryMb(1024).acpiShutdownDelay(Duration.ofMillis(100));
            h.addXenGuest(GUEST, 256, 512, 1, 2);
            h.files().putImage("/var/lib/xen/images/" + GUEST + "/vmlinuz", 5 << 20); // new disks go next to it
            h.addXenGuest(DEAF, 64, 64, 1, 1).acpiHonoured(false);
            h.files().putImage("/srv/k/vmlinuz", 5 << 20);
            h.addTool("/usr/bin/qemu-img"); // the simulator has no truncate: the driver falls back to qemu-img
            return h;
        }

        @Override
        protected HypervisorDriver open(SimHost host, SshHost ssh) {
            return new XlDriver(host.hostname(), ssh, tool, null, saveDir, false);
        }

        @Override
        protected CreateSpec createSpec(String name, Long diskMiB) {
            return new CreateSpec(name, 1, 2, 64, 128, diskMiB, "/srv/k/vmlinuz", "/srv/k/initrd", null, null);
        }

        /** The guest is PV: no emulated reset button. */
        @Override
        protected Set<Operation> refusedForVm() {
            return Set.of(Operation.RESET);
        }

        /** Xen fixes the vCPU maximum when it builds the domain. */
        @Override
        protected Set<Operation> fixedMaximum() {
            return Set.of(Operation.SET_VCPUS);
        }
    }
}
