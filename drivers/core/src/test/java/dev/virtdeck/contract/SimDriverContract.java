package dev.virtdeck.contract;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * The contract on one simulated host behind a real SSH server: what every simulator's fixture
 * shares. A driver module says which host ({@link #host()}, with {@link #vm()} and {@link #DEAF}
 * on it) and how its driver opens on it ({@link #open}).
 */
public abstract class SimDriverContract extends DriverContract {
    /** The guest the cases run on. */
    protected static final String GUEST = "vdc-guest";
    /** A guest that ignores a graceful shutdown request. */
    protected static final String DEAF = "vdc-deaf";

    /** The client key and known_hosts; set by JUnit for each test class before its {@code @BeforeAll}. */
    @TempDir
    static Path dir;
    private SimSshHost sim;
    private HypervisorDriver driver;

    /** @return the simulated host to serve, with its guests */
    protected abstract SimHost host();

    /** @return the driver under test, over {@code ssh} to {@code host} */
    protected abstract HypervisorDriver open(SimHost host, SshHost ssh);

    @BeforeAll
    final void startHost() throws Exception {
        SimHost h = host();
        sim = SimSshHost.start(h, dir);
        driver = open(h, sim.ssh());
    }

    @AfterAll
    final void stopHost() {
        if (sim == null) return;
        // a deaf guest keeps a simulated graceful shutdown (xl shutdown -w) waiting: let it go
        sim.host().vms().forEach(v -> v.state(VmPowerState.POWEROFF));
        sim.close();
    }

    @Override
    protected final HypervisorDriver driver() {
        return driver;
    }

    @Override
    protected String vm() {
        return GUEST;
    }

    @Override
    protected final String deafVm() {
        return running(DEAF);
    }
}
