package dev.virtdeck.xapi;

// PENDING THE SIMULATED XAPI POOL (branch xapi-sim, issue 12). This file is NOT compiled yet: it lives
// in src/test/sim-pending. When dev.virtdeck.sim.xapi.SimXapiPool is on the branch, move it (and
// XapiPoolSimTest) to src/test/java. The sim API it expects is listed in XapiPoolSimTest's comment.

import dev.virtdeck.contract.SimDriverContract;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.ssh.SshHost;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The driver contract on a simulated two-member XCP-ng pool, the driver connected to the master.
 * The guest has room to grow (static max 2 GiB, VCPUs_max 4) and is kept on the master
 * (affinity), whose dom0 serves its console; the deaf guest ignores a clean shutdown, which the sim's
 * XAPI gives up after a short timeout (VM_SHUTDOWN_TIMEOUT) like the real one after its own.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class XapiDriverContractSimTest extends SimDriverContract {
    /** A free-text name_label with a space and shell characters: XAPI takes it as data. */
    static final String XAPI_GUEST = "vdc guest; $(id)";

    @Override
    protected SimHost host() {
        SimXapiPool pool = SimXapiPool.create("vdc-pool").shutdownTimeout(Duration.ofMillis(500));
        SimHost master = pool.addHost("xcp-a", true);
        pool.addHost("xcp-b");
        pool.addVm(XAPI_GUEST).memory(128, 1024, 1024, 2048).vcpus(1, 4).affinity(master);
        pool.addVm(DEAF).memoryMb(512).deaf(true).affinity(master);
        return master;
    }

    @Override
    protected HypervisorDriver open(SimHost host, SshHost ssh) {
        return new XapiDriver(host.hostname(), ssh, false);
    }

    @Override
    protected String vm() {
        return XAPI_GUEST;
    }

    /** No boot files: XAPI clones the default template ("Other install media", in every pool). */
    @Override
    protected CreateSpec createSpec(String name, Long diskMiB) {
        return new CreateSpec(name, 1, 2, 128, 256, diskMiB, null, null, null, null);
    }
}
