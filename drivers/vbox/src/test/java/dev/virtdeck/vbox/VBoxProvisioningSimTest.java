package dev.virtdeck.vbox;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create --network, clone and autostart on simulated VirtualBox hosts (issue 14, part 4). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxProvisioningSimTest {
    @TempDir
    Path dir;
    SimSshHost sim;
    VBoxDriver driver;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    VBoxDriver host(VBoxVersion v) throws Exception {
        SimHost h = SimHost.vbox("vbox-prov", v);
        h.addVm("web").memory(512).state(VmPowerState.RUNNING);
        h.addVm("saved").state(VmPowerState.SAVED);
        sim = SimSshHost.start(h, dir);
        driver = new VBoxDriver(sim.host().hostname(), sim.ssh());
        return driver;
    }

    SimVm vm(String name) {
        return sim.host().vm(name);
    }

    boolean ran(String fragment) {
        return sim.host().commandLog().stream().anyMatch(l -> l.contains(fragment));
    }

    static CreateSpec spec(String name) {
        return new CreateSpec(name, 1, 1, 128, 128, 64L, null, null, null, null);
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void createPutsNicOneOnNatBridgeOrNothing(VBoxVersion v) throws Exception {
        host(v);
        OpResult nat = driver.create(spec("n1"), false);
        assertEquals("nat", vm("n1").nicMode(), "the default NIC is NAT, set explicitly");
        assertTrue(nat.command().contains("--nic1 nat"), nat.command());
        assertTrue(nat.message().contains("NIC 1 on NAT"), nat.message());

        OpResult br = driver.create(spec("n2").withNetwork(NicSpec.bridge("eth0")), false);
        assertEquals("bridged", vm("n2").nicMode());
        assertEquals("eth0", vm("n2").nicTarget());
        assertTrue(br.command().contains("--nic1 bridged --bridgeadapter1 eth0"), br.command());
        assertEquals("bridged", driver.info("n2").get("nic1"), "showvminfo reads it back");
        assertEquals("eth0", driver.info("n2").get("bridgeadapter1"));

        driver.create(spec("n3").withNetwork(NicSpec.NONE), false);
        assertEquals("none", vm("n3").nicMode());
        assertEquals("none", driver.info("n3").get("nic1"));

        driver.create(spec("n4").withNetwork(NicSpec.network("nat")), false);
        assertEquals("nat", vm("n4").nicMode());
    }

    @Test
    void createRefusesANamedNetworkAndAnImageWithADiskSizeBeforeTouchingTheHost() throws Exception {
        host(VBoxVersion.V7_0);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver.create(spec("x").withNetwork(NicSpec.network("default")), false));
        assertTrue(e.getMessage().contains("bridge=IF"), e.getMessage());
        InvalidRequestException sized = assertThrows(InvalidRequestException.class,
                () -> driver.create(spec("y").withImage("/var/base.vdi"), false));
        assertTrue(sized.getMessage().contains("give no --disk with --image"), sized.getMessage());
        assertFalse(ran("createvm"), "refused before anything was created");
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void cloneCopiesDisksAndMovesTheSerialSocket(VBoxVersion v) throws Exception {
        host(v);
        driver.create(spec("base").withNetwork(NicSpec.bridge("eth1")), false);
        SimVm base = vm("base");
        OpResult r = driver.clone("base", "copy", false);
        assertTrue(r.command().contains("VBoxManage clonevm base --name copy --register"), r.command());
        assertTrue(r.message().startsWith("cloned as copy"), r.message());
        SimVm copy = vm("copy");
        assertEquals(VmPowerState.POWEROFF, copy.state());
        assertNotEquals(base.uuid(), copy.uuid());
        assertEquals(base.memoryMaxMb(), copy.memoryMaxMb());
        assertEquals("eth1", copy.nicTarget());
        String baseDisk = base.attachments().get(0).medium();
        String copyDisk = copy.attachments().get(0).medium();
        assertNotEquals(baseDisk, copyDisk, "the disk is copied, not shared");
        assertTrue(copyDisk.contains("/copy/"), copyDisk);
        assertEquals("/tmp/virtdeck-" + copy.uuid() + ".sock", copy.uartServerPath(),
                "the clone serves its own socket, not the source's");
        assertEquals("/tmp/virtdeck-" + base.uuid() + ".sock", base.uartServerPath(), "the source is untouched");
        assertEquals(VmState.SHUTOFF, driver.details("copy").state());
    }

    @Test
    void cloneStartsTheCloneWhenAsked() throws Exception {
        host(VBoxVersion.V6_1);
        driver.create(spec("base"), false);
        OpResult r = driver.clone("base", "twin", true);
        assertTrue(r.message().startsWith("cloned as twin and started"), r.message());
        assertEquals(VmPowerState.RUNNING, vm("twin").state());
        assertEquals(VmPowerState.POWEROFF, vm("base").state());
    }

    @Test
    void cloneRefusesARunningOrSavedSourceAndATakenName() throws Exception {
        host(VBoxVersion.V7_0);
        InvalidRequestException running = assertThrows(InvalidRequestException.class,
                () -> driver.clone("web", "web2", false));
        assertTrue(running.getMessage().contains("running"), running.getMessage());
        InvalidRequestException saved = assertThrows(InvalidRequestException.class,
                () -> driver.clone("saved", "s2", false));
        assertTrue(saved.getMessage().contains("saved"), saved.getMessage());
        driver.create(spec("base"), false);
        InvalidRequestException taken = assertThrows(InvalidRequestException.class,
                () -> driver.clone("base", "web", false));
        assertTrue(taken.getMessage().contains("already exists"), taken.getMessage());
        assertFalse(ran("clonevm"), "every refusal came before clonevm");
        assertTrue(driver.capabilities().supports(Operation.CLONE));
    }

    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V6_1", "V7_0"})
    void autostartMarksAPoweredOffVm(VBoxVersion v) throws Exception {
        host(v);
        driver.create(spec("boot"), false);
        OpResult on = driver.setAutostart("boot", true);
        assertTrue(vm("boot").autostart());
        assertTrue(on.command().contains("modifyvm boot --autostart-enabled on"), on.command());
        assertTrue(on.message().contains("vboxautostart"), on.message());
        assertEquals("on", driver.info("boot").get("autostart-enabled"));
        driver.setAutostart("boot", false);
        assertFalse(vm("boot").autostart());
        assertEquals("off", driver.info("boot").get("autostart-enabled"));
    }

    @Test
    void autostartOfARunningVmIsRefusedByVirtualBoxWithAHint() throws Exception {
        host(VBoxVersion.V7_0);
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> driver.setAutostart("web", true));
        assertTrue(e.getMessage().contains("powered off"), e.getMessage());
        assertFalse(vm("web").autostart());
        assertTrue(driver.capabilities().of(Operation.AUTOSTART).reason().contains("vboxautostart"));
    }
}
