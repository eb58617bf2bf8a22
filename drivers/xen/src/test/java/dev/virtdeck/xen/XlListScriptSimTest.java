package dev.virtdeck.xen;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.ssh.ShellQuote;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A refresh ({@link XlDriver#list}) is ONE exec of {@link XlListScript} on xl and on xm, with today's
 * outcomes: the same VMs, usage and errors as the one-exec-per-step list had. Against the simulator, which
 * answers the script's exact text by running each step through its emulated programs.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlListScriptSimTest {
    static final String SAVE = "/var/lib/xen/save";
    /** Longer than xentop's 10 columns: its usage proves the script asks for full names. */
    static final String LONG = "vd-a-rather-long-name";

    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    /** domu and LONG running, off (config only), gone (config only, with a save image). */
    static SimHost xen() {
        SimHost h = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
        h.addXenGuest("domu", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        h.addXenGuest(LONG, 64, 64, 1, 1).state(VmPowerState.RUNNING);
        h.addXenGuest("off", 128, 128, 1, 1);
        h.addXenGuest("gone", 128, 128, 1, 1);
        h.files().put(SAVE + "/gone.save", "image");
        return h;
    }

    XlDriver driver(SimHost h, Toolstack tool, String saveDir, boolean sudo) throws Exception {
        sim = SimSshHost.start(h, dir);
        return new XlDriver(h.hostname(), sim.ssh(), tool, null, saveDir, sudo);
    }

    /** @return the VMs of one list and checks that it took exactly one exec, the script */
    List<VmInfo> listInOneExec(XlDriver d, Toolstack tool, String saveDir, boolean sudo) {
        int before = sim.host().commandLog().size();
        List<VmInfo> vms = d.list();
        List<String> sent = sim.host().commandLog().subList(before, sim.host().commandLog().size());
        String script = (sudo ? "sudo -n " : "") + "LC_ALL=C "
                + ShellQuote.join(XlListScript.argv(tool, new XenDirs(null, saveDir)));
        assertEquals(List.of(script), sent, "one exec per list");
        return vms;
    }

    static Map<String, VmInfo> byName(List<VmInfo> l) {
        return XlDriverSimTest.byName(l);
    }

    @Test
    void theDriverSendsTheTextTheSimulatorKnows() throws Exception {
        try (InputStream in = SimHost.class.getResourceAsStream("/dev/virtdeck/sim/xl-list-script.sh")) {
            assertNotNull(in, "sim's copy of the script");
            assertEquals(XlListScript.SCRIPT, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "sim/src/main/resources/dev/virtdeck/sim/xl-list-script.sh must equal the driver's");
        }
    }

    @Test
    void xlListIsOneExecWithDomainsConfigsSaveImagesJsonAndUsage() throws Exception {
        XlDriver d = driver(xen(), Toolstack.XL, SAVE, false);
        Map<String, VmInfo> vms = byName(listInOneExec(d, Toolstack.XL, SAVE, false));
        assertEquals(Set.of("domu", LONG, "off", "gone"), vms.keySet());
        VmInfo domu = vms.get("domu");
        assertEquals(VmState.RUNNING, domu.state());
        assertEquals(sim.host().vm("domu").uuid(), domu.uuid(), "from xl list -l");
        assertEquals(512L, domu.maxMemoryMiB());
        assertNotNull(domu.usage(), "from xentop");
        assertEquals(0, domu.usage().diskReadBytes() % 512, "sectors");
        assertEquals(0, domu.usage().netRxBytes() % 1024, "KiB");
        assertNotNull(vms.get(LONG).usage(), "xentop -f: the full name matches");
        assertEquals(VmState.SHUTOFF, vms.get("off").state());
        assertEquals(128L, vms.get("off").memoryMiB(), "from its config");
        assertEquals(VmState.SUSPENDED, vms.get("gone").state(), "its save image was found");
        assertNull(vms.get("off").usage());
    }

    @Test
    void xmListIsOneExecWithoutJsonOrXentop() throws Exception {
        SimHost h = SimHost.of(HostKind.XM, "oldxen").cpus(2).memoryMb(4096);
        h.addXenGuest("vm8", 256, 512, 1, 2).state(VmPowerState.RUNNING);
        h.addXenGuest("vm9", 128, 128, 1, 1);
        XlDriver d = driver(h, Toolstack.XM, null, false);
        Map<String, VmInfo> vms = byName(listInOneExec(d, Toolstack.XM, null, false));
        assertEquals(Set.of("vm8", "vm9"), vms.keySet());
        assertEquals(VmState.RUNNING, vms.get("vm8").state());
        assertEquals(512L, vms.get("vm8").maxMemoryMiB(), "from the config: xm has no JSON");
        assertNull(vms.get("vm8").uuid());
        assertNull(vms.get("vm8").usage(), "xm: no xentop");
        assertEquals(VmState.SHUTOFF, vms.get("vm9").state());
    }

    @Test
    void withSudoTheScriptRunsUnderSudo() throws Exception {
        XlDriver d = driver(xen(), Toolstack.XL, SAVE, true);
        assertEquals(4, listInOneExec(d, Toolstack.XL, SAVE, true).size());
    }

    @Test
    void aFailingXlListFailsTheListNamingXlList() throws Exception {
        SimHost h = xen();
        String why = "xencall: error: Could not obtain handle on privileged command interface: No such file or directory\n";
        h.failCommand("xl list", 1, why);
        XlDriver d = driver(h, Toolstack.XL, SAVE, false);
        CommandFailedException e = assertThrows(CommandFailedException.class, d::list);
        assertEquals("LC_ALL=C xl list", e.command());
        assertEquals(1, e.exitCode());
        assertEquals(why, e.stderr(), "only xl list's stderr: the script stopped there");
        assertEquals("xen1", e.host());
    }

    @Test
    void aFailingXlListLongFailsTheList() throws Exception {
        SimHost h = xen();
        h.failCommand("xl list -l", 1, "libxl: error: boom\n");
        XlDriver d = driver(h, Toolstack.XL, SAVE, false);
        CommandFailedException e = assertThrows(CommandFailedException.class, d::list);
        assertEquals("LC_ALL=C xl list -l", e.command());
        assertTrue(e.stderr().contains("libxl: error: boom"), e.stderr());
    }

    @Test
    void withOnlyDomain0TheScriptSkipsJsonAndXentop() throws Exception {
        SimHost h = xen();
        h.vms().forEach(v -> v.state(VmPowerState.POWEROFF));
        // were either run, the list would fail (list -l) or lose nothing (xentop): list -l proves the skip
        h.failCommand("xl list -l", 1, "libxl: error: must not run\n");
        XlDriver d = driver(h, Toolstack.XL, SAVE, false);
        Map<String, VmInfo> vms = byName(listInOneExec(d, Toolstack.XL, SAVE, false));
        assertEquals(Set.of("domu", LONG, "off", "gone"), vms.keySet());
        assertEquals(VmState.SHUTOFF, vms.get("domu").state());
    }

    @Test
    void anUnreadableOrUnparsableConfigIsSkippedAndTheRestListed() throws Exception {
        SimHost h = xen();
        h.failCommand("cat /etc/xen/off.cfg", 1, "cat: /etc/xen/off.cfg: Permission denied\n");
        h.files().put("/etc/xen/broken.cfg", "name = \"broken\nmemory = [\n");
        XlDriver d = driver(h, Toolstack.XL, SAVE, false);
        assertEquals(Set.of("domu", LONG, "gone"), byName(listInOneExec(d, Toolstack.XL, SAVE, false)).keySet());
    }

    @Test
    void aMissingSaveDirectoryHoldsNoImages() throws Exception {
        XlDriver d = driver(xen(), Toolstack.XL, "/srv/nosuch/save", false);
        Map<String, VmInfo> vms = byName(listInOneExec(d, Toolstack.XL, "/srv/nosuch/save", false));
        assertEquals(VmState.SHUTOFF, vms.get("gone").state());
    }

    @Test
    void aMissingConfigDirectoryFailsTheListNamingFind() throws Exception {
        SimHost h = xen();
        sim = SimSshHost.start(h, dir);
        XlDriver d = new XlDriver(h.hostname(), sim.ssh(), Toolstack.XL, "/srv/nosuch", null, false);
        CommandFailedException e = assertThrows(CommandFailedException.class, d::list);
        assertEquals("LC_ALL=C find /srv/nosuch -maxdepth 1 -name '*.cfg' -type f", e.command());
        assertTrue(e.stderr().contains("/srv/nosuch"), e.stderr());
    }

    @Test
    void aFailingOrMissingXentopLeavesTheVmsWithoutUsage() throws Exception {
        SimHost h = xen();
        h.failCommand("xentop", 1, "xentop: failed to retrieve domain information\n");
        XlDriver d = driver(h, Toolstack.XL, SAVE, false);
        VmInfo domu = byName(listInOneExec(d, Toolstack.XL, SAVE, false)).get("domu");
        assertEquals(VmState.RUNNING, domu.state());
        assertNull(domu.usage());
        h.clearFailures();
        h.removeTool("xentop");
        domu = byName(listInOneExec(d, Toolstack.XL, SAVE, false)).get("domu");
        assertEquals(VmState.RUNNING, domu.state());
        assertNull(domu.usage());
    }
}
