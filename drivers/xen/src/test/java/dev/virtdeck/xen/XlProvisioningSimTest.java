package dev.virtdeck.xen;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create --network bridge=BR, autostart through /etc/xen/auto, and clone's refusal on simulated xl hosts. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlProvisioningSimTest {
    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    SimHost host() {
        SimHost h = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(4096).dom0MemoryMb(1024);
        h.addXenGuest("domu", 256, 256, 1, 1).state(VmPowerState.RUNNING);
        h.addBridge("br-lab");
        return h;
    }

    XlDriver driver(SimHost h) throws Exception {
        sim = SimSshHost.start(h, dir);
        return new XlDriver(h.hostname(), sim.ssh(), Toolstack.XL, null, null, false);
    }

    static CreateSpec spec(String name) {
        return new CreateSpec(name, 1, 1, 64, 64, null, "/k", null, null, null);
    }

    @Test
    void createWritesAVifOnTheBridgeAndTheGuestJoinsIt() throws Exception {
        SimHost h = host();
        XlDriver d = driver(h);
        OpResult r = d.create(spec("web").withNetwork(NicSpec.bridge("br-lab")), true);
        assertTrue(r.message().contains("vif on bridge br-lab"), r.message());
        XlConfig cfg = XlConfig.parse(h.files().get("/etc/xen/web.cfg").orElseThrow().content());
        assertEquals(List.of("bridge=br-lab"), cfg.list("vif"));
        assertEquals("bridge", h.vm("web").nicMode());
        assertEquals("br-lab", h.vm("web").nicTarget());

        d.create(spec("quiet"), false);
        XlConfig none = XlConfig.parse(h.files().get("/etc/xen/quiet.cfg").orElseThrow().content());
        assertEquals(List.of(), none.list("vif"), "no NIC by default");
    }

    @Test
    void aMissingBridgeFailsAtStartAndTheCreateIsRolledBack() throws Exception {
        SimHost h = host();
        XlDriver d = driver(h);
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> d.create(spec("lost").withNetwork(NicSpec.bridge("xenbr9")), true));
        assertTrue(e.getMessage().contains("Could not find bridge device xenbr9")
                || String.valueOf(e.stderr()).contains("xenbr9"), e.getMessage());
        assertFalse(h.files().exists("/etc/xen/lost.cfg"), "the config was removed again");
    }

    @Test
    void createRefusesANamedNetworkAndABridgeNameThatIsNone() throws Exception {
        XlDriver d = driver(host());
        InvalidRequestException named = assertThrows(InvalidRequestException.class,
                () -> d.create(spec("n").withNetwork(NicSpec.network("default")), false));
        assertTrue(named.getMessage().contains("bridge=BR"), named.getMessage());
        assertThrows(InvalidRequestException.class,
                () -> d.create(spec("m").withNetwork(NicSpec.bridge("br0,mac=00:16:3e:00:00:01")), false));
        assertTrue(sim.host().commandLog().stream().noneMatch(l -> l.contains("tee")), "nothing written");
    }

    @Test
    void autostartLinksTheConfigIntoEtcXenAuto() throws Exception {
        SimHost h = host();
        h.files().mkdir("/etc/xen/auto");
        XlDriver d = driver(h);
        OpResult on = d.setAutostart("domu", true);
        assertTrue(on.message().contains("xendomains"), on.message());
        assertEquals(Optional.of("/etc/xen/domu.cfg"), h.files().readlink("/etc/xen/auto/domu.cfg"));
        assertTrue(d.setAutostart("domu", true).message().startsWith("autostart already on"));
        assertEquals(Boolean.TRUE, d.describe("domu").autostart(), "show says what the link says");

        OpResult off = d.setAutostart("domu", false);
        assertEquals("autostart off (/etc/xen/auto/domu.cfg removed)", off.message());
        assertTrue(h.files().readlink("/etc/xen/auto/domu.cfg").isEmpty());
        assertTrue(h.files().exists("/etc/xen/domu.cfg"), "the config itself stays");
        assertEquals("autostart already off", d.setAutostart("domu", false).message());
        assertEquals(Boolean.FALSE, d.describe("domu").autostart());
    }

    @Test
    void autostartRefusesWithoutXendomainsDirectoryOrOverAFile() throws Exception {
        SimHost h = host();
        XlDriver d = driver(h);
        InvalidRequestException noDir = assertThrows(InvalidRequestException.class, () -> d.setAutostart("domu", true));
        assertTrue(noDir.getMessage().contains("xendomains"), noDir.getMessage());

        h.files().put("/etc/xen/auto/domu.cfg", "name = \"domu\"\n"); // an admin's own copy
        assertThrows(InvalidRequestException.class, () -> d.setAutostart("domu", true));
        InvalidRequestException file = assertThrows(InvalidRequestException.class, () -> d.setAutostart("domu", false));
        assertTrue(file.getMessage().contains("not a link"), file.getMessage());
        assertTrue(h.files().exists("/etc/xen/auto/domu.cfg"), "the admin's file is kept");
    }

    @Test
    void cloneIsRefusedWithItsReason() throws Exception {
        XlDriver d = driver(host());
        assertFalse(d.capabilities().supports(Operation.CLONE));
        assertTrue(d.capabilities().supports(Operation.AUTOSTART));
        NotSupportedException e = assertThrows(NotSupportedException.class, () -> d.clone("domu", "copy", false));
        assertTrue(e.getMessage().contains("no clone"), e.getMessage());
    }
}
