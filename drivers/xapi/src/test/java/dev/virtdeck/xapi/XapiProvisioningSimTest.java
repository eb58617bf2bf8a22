package dev.virtdeck.xapi;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.sim.xapi.XapiPowerState;
import dev.virtdeck.sim.xapi.XapiVm;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * create --network, clone and autostart on a simulated XenServer pool (XenAPI RECONSTRUCTED from
 * its reference: VM.clone, VIF.create, other_config:auto_poweron).
 */
@Timeout(120)
class XapiProvisioningSimTest {
    static final String ETH0 = "Pool-wide network associated with eth0";

    @TempDir
    Path dir;
    SimXapiPool pool;
    SimSshHost ssh;
    XapiDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        pool = SimXapiPool.create("lab-pool").shutdownTimeout(Duration.ofMillis(300));
        SimHost master = pool.addHost("xcp-a", true);
        pool.addNetwork("lab", "xenbr1");
        pool.addVm("web").memoryMb(512).state(XapiPowerState.RUNNING).residentOn(master);
        pool.addVm("db").memoryMb(256).addDisk("db disk", 64);
        ssh = SimSshHost.start(master, dir);
        driver = new XapiDriver("xcp1", ssh.ssh(), false);
    }

    @AfterEach
    void tearDown() {
        if (driver != null) driver.close();
        if (ssh != null) ssh.close();
    }

    private long calls(String method) {
        return pool.callLog().stream().filter(c -> c.method().equals(method)).count();
    }

    static CreateSpec spec(String name) {
        return new CreateSpec(name, 1, 1, 128, 128, null, null, null, null, null);
    }

    @Test
    void createPutsAVifOnTheNamedNetworkOrBridge() {
        OpResult r = driver.create(spec("n1").withNetwork(NicSpec.network("lab")), false);
        assertTrue(r.message().endsWith(", network lab"), r.message());
        List<String> vifs = pool.vifs(pool.vm("n1"));
        assertEquals(1, vifs.size(), vifs.toString());
        assertTrue(vifs.get(0).startsWith("0:lab:"), vifs.toString());
        assertTrue(vifs.get(0).matches("0:lab:[0-9a-f]{2}(:[0-9a-f]{2}){5}"), "XAPI generated the MAC: " + vifs);

        driver.create(spec("n2").withNetwork(NicSpec.bridge("xenbr0")), false);
        assertTrue(pool.vifs(pool.vm("n2")).get(0).startsWith("0:" + ETH0 + ":"), pool.vifs(pool.vm("n2")).toString());

        driver.create(spec("n3"), false);
        assertEquals(List.of(), pool.vifs(pool.vm("n3")), "the default template has no VIFs and none is added");
    }

    @Test
    void createRefusesABaseImageFileAndPointsToTemplatesBeforeAnyCall() {
        long clones = calls("VM.clone");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver.create(spec("img").withImage("/srv/base.qcow2"), false));
        assertTrue(e.getMessage().contains("keeps base disks as VDIs") && e.getMessage().contains("--template NAME"),
                e.getMessage());
        assertEquals(clones, calls("VM.clone"), "nothing was cloned");
        assertFalse(pool.findVm("img").isPresent());
    }

    @Test
    void createWithAnUnknownNetworkNamesThePoolsAndLeavesNothing() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver.create(spec("n4").withNetwork(NicSpec.network("nowhere")), false));
        assertTrue(e.getMessage().contains("no network named 'nowhere'"), e.getMessage());
        assertTrue(e.getMessage().contains("'lab' (bridge xenbr1)"), e.getMessage());
        assertFalse(pool.findVm("n4").isPresent(), "the half-made VM was destroyed");
    }

    @Test
    void noneRemovesTheTemplatesVifsAndANetworkTakesTheNextDevice() {
        XapiVm t = pool.addTemplate("with nic");
        pool.addVif(t, ETH0);
        driver.create(spec("keeps").withTemplate("with nic"), false);
        assertEquals(1, pool.vifs(pool.vm("keeps")).size(), "the default keeps the template's VIF");
        driver.create(spec("bare").withTemplate("with nic").withNetwork(NicSpec.NONE), false);
        assertEquals(List.of(), pool.vifs(pool.vm("bare")));
        driver.create(spec("two").withTemplate("with nic").withNetwork(NicSpec.network("lab")), false);
        List<String> two = pool.vifs(pool.vm("two"));
        assertEquals(2, two.size(), two.toString());
        assertTrue(two.get(1).startsWith("1:lab:"), two.toString());
        assertEquals(1, pool.vifs(t).size(), "the template is untouched");
    }

    @Test
    void cloneCopiesAHaltedVmWithNewMacsAndStartsItWhenAsked() {
        driver.create(spec("base").withNetwork(NicSpec.network("lab")), false);
        long before = calls("VM.clone"); // create clones the template
        OpResult r = driver.clone("base", "copy", true);
        assertTrue(r.message().startsWith("cloned as copy ("), r.message());
        assertTrue(r.message().endsWith(", started"), r.message());
        assertEquals(before + 1, calls("VM.clone"));
        assertEquals(0, calls("VM.set_name_label"), "VM.clone names the clone itself");
        XapiVm copy = pool.vm("copy");
        assertEquals(XapiPowerState.RUNNING, copy.powerState());
        assertNotEquals(pool.vm("base").uuid(), copy.uuid());
        String baseMac = pool.vifs(pool.vm("base")).get(0).substring("0:lab:".length());
        String copyVif = pool.vifs(copy).get(0);
        assertTrue(copyVif.startsWith("0:lab:"), copyVif);
        assertNotEquals(baseMac, copyVif.substring("0:lab:".length()), "a clone gets a new MAC");

        driver.clone("db", "db2", false);
        assertEquals(XapiPowerState.HALTED, pool.vm("db2").powerState());
        assertEquals(1, pool.vm("db2").disks().size(), "its disk was cloned");
    }

    @Test
    void cloneRefusesARunningVmAndATakenName() {
        InvalidRequestException running = assertThrows(InvalidRequestException.class,
                () -> driver.clone("web", "web2", false));
        assertTrue(running.getMessage().contains("shut it down first"), running.getMessage());
        InvalidRequestException taken = assertThrows(InvalidRequestException.class,
                () -> driver.clone("db", "web", false));
        assertTrue(taken.getMessage().contains("exists already"), taken.getMessage());
        assertEquals(0, calls("VM.clone"));
        assertTrue(driver.capabilities().supports(Operation.CLONE));
    }

    @Test
    void autostartSetsAutoPoweronAndSaysWhenThePoolIgnoresIt() {
        OpResult on = driver.setAutostart("web", true);
        assertEquals("true", pool.vm("web").otherConfig().get("auto_poweron"));
        assertTrue(on.message().contains("the pool's other-config:auto_poweron is not true"), on.message());
        OpResult again = driver.setAutostart("web", true);
        assertEquals("true", pool.vm("web").otherConfig().get("auto_poweron"), "a second on is no MAP_DUPLICATE_KEY");
        assertTrue(again.command().contains("VM.add_to_other_config"), again.command());

        pool.autoPowerOn(true);
        OpResult quiet = driver.setAutostart("db", true);
        assertEquals("autostart on (other-config:auto_poweron=true)", quiet.message());

        driver.setAutostart("web", false);
        assertFalse(pool.vm("web").otherConfig().containsKey("auto_poweron"));
    }
}
