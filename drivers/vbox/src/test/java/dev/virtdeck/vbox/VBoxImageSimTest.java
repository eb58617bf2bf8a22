package dev.virtdeck.vbox;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create --image on simulated VirtualBox hosts: a differencing VDI on the base image (issue 14, part 4). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxImageSimTest {
    static final String BASE = "/srv/images/debian12.vdi";

    @TempDir
    Path dir;
    SimSshHost sim;
    VBoxDriver driver;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    void host(VBoxVersion v) throws Exception {
        SimHost h = SimHost.vbox("vbox-img", v);
        h.files().putImage(BASE, 2L << 30);
        sim = SimSshHost.start(h, dir);
        driver = new VBoxDriver(sim.host().hostname(), sim.ssh());
    }

    static CreateSpec fromImage(String name, String image) {
        return new CreateSpec(name, 1, 1, 256, 256, null, null, null, null, null).withImage(image);
    }

    SimHost.Medium medium(String path) {
        return sim.host().media().stream().filter(m -> m.path().equals(path)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void theFirstDiskIsADifferencingImageOnTheBase(VBoxVersion v) throws Exception {
        host(v);
        OpResult r = driver.create(fromImage("web1", BASE).withNetwork(NicSpec.bridge("eth0")), true);
        assertTrue(r.command().contains("web1-disk0.vdi' --diffparent " + BASE + " --format VDI"), r.command());
        assertTrue(r.message().contains("differencing image on " + BASE), r.message());
        SimVm vm = sim.host().vm("web1");
        assertEquals(VmPowerState.RUNNING, vm.state());
        SimVm.Attachment disk = vm.attachments().stream().filter(a -> a.port() == 0).findFirst().orElseThrow();
        assertTrue(disk.medium().endsWith("web1-disk0.vdi"), disk.medium());
        assertEquals(medium(BASE).uuid(), medium(disk.medium()).parent(), "the new disk's parent is the base");
        assertEquals(2048, medium(disk.medium()).sizeMb(), "a differencing image has its parent's size");
        assertEquals(2L << 30, sim.host().files().get(BASE).orElseThrow().size(), "the base is untouched");

        driver.create(fromImage("web2", BASE), false);
        String second = sim.host().vm("web2").attachments().get(0).medium();
        assertEquals(medium(BASE).uuid(), medium(second).parent(), "a second VM shares the same base");
    }

    @Test
    void aMissingBaseFailsAndRollsTheVmBack() throws Exception {
        host(VBoxVersion.V7_0);
        VirtdeckException e = assertThrows(VirtdeckException.class,
                () -> driver.create(fromImage("lost", "/srv/images/nope.vdi"), false));
        assertTrue(e.getMessage().contains("nope.vdi"), e.getMessage());
        assertTrue(sim.host().findVm("lost").isEmpty(), "the VM was unregistered again");
        assertFalse(sim.host().media().stream().anyMatch(m -> m.path().contains("lost")), "no disk left behind");
    }
}
