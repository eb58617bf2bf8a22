package dev.virtdeck.xen.lab;

import dev.virtdeck.contract.ConsoleProbe;
import dev.virtdeck.contract.DriverContract;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.xen.Toolstack;
import dev.virtdeck.xen.XlDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The driver contract for xl against the REAL Xen 4.17 host (lab/xen), on a PV guest of its own
 * made by the driver's create from the lab guest's kernel and initrd, with a save directory. The
 * guest is deleted with its disks at the end. The deaf guest is the same one told, over its
 * console, to ignore a shutdown request: its kernel acknowledges the request (as a real deaf PV
 * guest does) and then runs /bin/true instead of /sbin/poweroff, until its next boot.
 */
@Tag("xen")
@Tag("lab")
class XlDriverContractXenLabTest extends DriverContract {
    static final String IMAGES = "/var/lib/virtdeck-xen";
    static final String SAVE_DIR = "/var/lib/xen/save";

    private final String guest = unique("vdc-");
    private SshPool pool;
    private XenDom0 dom0;
    private XlDriver driver;

    @BeforeAll
    void createGuest() {
        XenLabEnv xen = XenLabEnv.require();
        pool = new SshPool(Trace.NONE, Prompter.NONE);
        var ssh = pool.connect(xen.target());
        dom0 = new XenDom0(ssh, xen);
        dom0.sh("mkdir", "-p", SAVE_DIR);
        driver = new XlDriver("xen1", ssh, Toolstack.XL, null, SAVE_DIR, false);
        // the lab guest's size: 256 of at most 512 MiB, 1 of at most 2 vCPUs
        driver.create(new CreateSpec(guest, 1, 2, 256, 512, null, IMAGES + "/vmlinuz", IMAGES + "/initrd.gz",
                "console=hvc0", null), false);
    }

    @AfterAll
    void deleteGuest() {
        try {
            if (driver != null) {
                deleteQuietly(guest);
                // disks attached live are in no config: remove them by their name
                dom0.sh("sh", "-c", "rm -f -- \"$1\"-xvd*.img", "sh", IMAGES + "/" + guest);
            }
        } finally {
            if (pool != null) pool.close();
        }
    }

    @Override
    protected HypervisorDriver driver() {
        return driver;
    }

    @Override
    protected String vm() {
        return guest;
    }

    @Override
    protected String deafVm() {
        try (ConsoleStream c = driver.console(awaitGuest(running(guest)), true)) {
            assertTrue(ConsoleProbe.answers(c, "echo /bin/true > /proc/sys/kernel/poweroff_cmd && echo deaf-$((6*7))",
                    "deaf-42", patience()), "the guest's poweroff command replaced");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return guest;
    }

    @Override
    protected CreateSpec createSpec(String name, Long diskMiB) {
        return new CreateSpec(name, 1, 1, 128, 128, diskMiB, IMAGES + "/vmlinuz", IMAGES + "/initrd.gz",
                "console=hvc0", null);
    }

    /** The domain's ID: Xen reboots a guest by building a new domain from its config. */
    @Override
    protected Object rebootMark(String vm) {
        return dom0.xlRow(vm).map(cols -> cols[1]).orElseThrow(() -> new AssertionError(vm + " is not running"));
    }

    /**
     * Until a domain with a new ID runs: after {@code xl reboot} the old domain runs on for a moment,
     * is then gone for a second or two and the new one is built paused ({@code --p---}) for several
     * more. A case that found it gone would start it, one that found it paused would unpause it,
     * racing xl's own restart (seen as a guest left SHUTOFF when the machine was loaded).
     */
    @Override
    protected void awaitRebooted(String vm, Object before) {
        XenDom0.await(patience(), vm + " rebuilt with a new domain ID and running", () -> dom0.xlRow(vm)
                .filter(cols -> !cols[1].equals(before) && !cols[4].contains("p")).isPresent());
        awaitState(vm, VmState.RUNNING::equals);
    }

    /** Xen under TCG: a boot takes minutes on a loaded machine, an xl command up to 15 s. */
    @Override
    protected Duration patience() {
        return XenDom0.BOOT;
    }

    /** A PV guest has no emulated reset button. */
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
