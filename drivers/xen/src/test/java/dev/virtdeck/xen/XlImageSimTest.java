package dev.virtdeck.xen;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.NicSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.SimVm;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** create --image on simulated xl hosts: a qcow2 overlay on the base, served as xvda (issue 14, part 4). */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlImageSimTest {
    static final String RAW_BASE = "/srv/images/debian12.img";
    static final String QCOW_BASE = "/srv/images/alpine.qcow2";
    static final String DIR = "/var/lib/xen/images";

    @TempDir
    Path dir;
    SimSshHost sim;
    SimHost h;
    XlDriver d;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    void host() throws Exception {
        h = SimHost.of(HostKind.XEN, "xen-img").cpus(2).memoryMb(4096).dom0MemoryMb(1024);
        h.addBridge("br-lab").addTool("/usr/bin/qemu-img");
        h.files().mkdir(DIR).putImage(RAW_BASE, 1L << 30).putImage(QCOW_BASE, 512L << 20, "qcow2", null);
        sim = SimSshHost.start(h, dir);
        d = new XlDriver(h.hostname(), sim.ssh(), Toolstack.XL, null, null, false);
    }

    static CreateSpec fromImage(String name, String base, Long diskMiB) {
        return new CreateSpec(name, 1, 1, 256, 256, diskMiB, null, null, null, null).withImage(base);
    }

    XlConfig config(String name) throws Exception {
        return XlConfig.parse(h.files().get("/etc/xen/" + name + ".cfg").orElseThrow().content());
    }

    @Test
    void theGuestBootsAQcow2OverlayOnARawBase() throws Exception {
        host();
        OpResult r = d.create(fromImage("web", RAW_BASE, null).withNetwork(NicSpec.bridge("br-lab")), true);
        String overlay = DIR + "/web-xvda.qcow2";
        assertTrue(r.command().contains("qemu-img info --output=json -U -- " + RAW_BASE), r.command());
        assertTrue(r.command().contains("qemu-img create -q -f qcow2 -F raw -b " + RAW_BASE + " " + overlay),
                r.command());
        assertTrue(r.message().contains("qcow2 overlay on " + RAW_BASE), r.message());
        XlConfig cfg = config("web");
        assertEquals(List.of("format=qcow2,vdev=xvda,access=rw,target=" + overlay), cfg.list("disk"));
        assertEquals("hvm", cfg.string("type"));
        assertEquals("c", cfg.string("boot"), "boots its disk: there is no CD-ROM");
        assertEquals("qcow2", h.files().format(overlay));
        assertEquals(RAW_BASE, h.files().backing(overlay).orElseThrow());
        assertEquals(1L << 30, h.files().get(overlay).orElseThrow().size(), "the overlay has the base's size");
        assertEquals("raw", h.files().format(RAW_BASE), "the base is untouched");
        SimVm vm = h.vm("web");
        assertEquals(VmPowerState.RUNNING, vm.state());
        assertEquals(List.of(new SimVm.Disk("xvda", overlay, "qcow2", true, true)), vm.disks());
        assertEquals("br-lab", vm.nicTarget());
    }

    @Test
    void aQcow2BaseIsNamedAsSuchAndDiskSetsTheOverlaySize() throws Exception {
        host();
        OpResult r = d.create(fromImage("alp", QCOW_BASE, 2048L), false);
        String overlay = DIR + "/alp-xvda.qcow2";
        assertTrue(r.command().contains("-f qcow2 -F qcow2 -b " + QCOW_BASE + " " + overlay + " 2048M"), r.command());
        assertEquals(2048L << 20, h.files().get(overlay).orElseThrow().size());
        assertTrue(h.findVm("alp").isEmpty() || h.vm("alp").state() != VmPowerState.RUNNING, "not started");
    }

    @Test
    void aDom0WithoutQemuImgIsToldWhatToInstall() throws Exception {
        host();
        h.removeTool("qemu-img");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> d.create(fromImage("web", RAW_BASE, null), true));
        assertTrue(e.getMessage().contains("--image needs qemu-img on the host"), e.getMessage());
        assertFalse(h.files().exists("/etc/xen/web.cfg"));
    }

    @Test
    void anOverlaySmallerThanItsBaseIsRefusedBeforeAnythingIsMade() throws Exception {
        host();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> d.create(fromImage("small", RAW_BASE, 100L), false));
        assertTrue(e.getMessage().contains("smaller than the base image (1024 MiB)"), e.getMessage());
        assertFalse(h.files().exists("/etc/xen/small.cfg"));
        assertFalse(h.files().exists(DIR + "/small-xvda.qcow2"));
    }

    @Test
    void aMissingBaseFailsInQemuImgsWordsAndLeavesNothing() throws Exception {
        host();
        CommandFailedException e = assertThrows(CommandFailedException.class,
                () -> d.create(fromImage("lost", "/srv/images/nope.img", null), true));
        assertTrue(String.valueOf(e.stderr()).contains("No such file or directory"), e.getMessage());
        assertFalse(h.files().exists("/etc/xen/lost.cfg"));
        assertTrue(h.files().paths().stream().noneMatch(p -> p.contains("lost")), h.files().paths().toString());
    }
}
