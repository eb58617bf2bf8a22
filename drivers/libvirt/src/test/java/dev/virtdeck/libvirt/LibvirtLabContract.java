package dev.virtdeck.libvirt;

import dev.virtdeck.contract.DriverContract;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * The driver contract against the real lab's libvirtd, on two guests of its own made by the
 * driver's create from the lab kernel and initrd with the lab's verified domain type: one that
 * honours the ACPI power button and one that ignores it. Their names are random, so parallel runs
 * never meet; both are deleted with their disks at the end.
 */
@Tag("lab")
public abstract class LibvirtLabContract extends DriverContract {
    protected LabEnv lab;
    private SshPool pool;
    private HypervisorDriver driver;
    private final String guest = unique("vdc-");
    private final String deaf = unique("vdc-deaf-");

    /** @return the lab sshd this transport goes through */
    protected abstract SshTarget target(LabEnv lab);

    /** @return the driver under test on {@code ssh} */
    protected abstract HypervisorDriver open(LabEnv lab, SshHost ssh);

    @BeforeAll
    void createGuests() {
        lab = LabEnv.require();
        if (!lab.hasAcpiGuest()) {
            String why = "the lab has no ACPI-honouring guest: a graceful shutdown cannot be tested";
            if (LabEnv.ci()) fail(why + " [CI=true]");
            abort(why);
        }
        pool = new SshPool(Trace.NONE, Prompter.NONE);
        driver = open(lab, pool.connect(target(lab)));
        driver.create(spec(guest, lab.cmdline(), null), false);
        driver.create(spec(deaf, lab.var("LAB_CMDLINE_DEAF") != null ? lab.var("LAB_CMDLINE_DEAF")
                : lab.cmdline() + " virtdeck.deaf=1", null), false);
    }

    @AfterAll
    void deleteGuests() {
        try {
            if (driver != null) {
                deleteQuietly(guest);
                deleteQuietly(deaf);
            }
        } finally {
            if (driver != null) driver.close();
            if (pool != null) pool.close();
        }
    }

    private CreateSpec spec(String name, String cmdline, Long diskMiB) {
        // the lab's verified type: libvirt may offer kvm on a host whose KVM cannot run a guest
        return new CreateSpec(name, 1, 2, 192, 256, diskMiB, lab.kernel().toString(), lab.initrd().toString(),
                cmdline, null, lab.domainType());
    }

    @Override
    protected HypervisorDriver driver() {
        return driver;
    }

    /** The lab guests boot from kernel and initrd with no disk; LabSnapshotCliTest snapshots one with a qcow2 disk. */
    @Override
    protected boolean vmCanSnapshot() {
        return false;
    }

    @Override
    protected String vm() {
        return guest;
    }

    /** Booted, so its kernel could act on the power button: it is the guest that ignores it. */
    @Override
    protected String deafVm() {
        return awaitGuest(running(deaf));
    }

    @Override
    protected CreateSpec createSpec(String name, Long diskMiB) {
        return spec(name, lab.cmdline(), diskMiB);
    }

    /** A TCG guest boots in about 10 s; two minutes leave room for a loaded machine. */
    @Override
    protected Duration patience() {
        return Duration.ofMinutes(2);
    }
}
