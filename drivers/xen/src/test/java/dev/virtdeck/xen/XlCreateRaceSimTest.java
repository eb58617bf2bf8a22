package dev.virtdeck.xen;

import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two creates of one new name at once on an xl host (issue 10, "two virtdeck processes"): the
 * config file is claimed by an atomic hard link, so one create wins, the other says so, and the
 * loser never touches the winner's config or disk.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlCreateRaceSimTest {
    static final String CFG = "/etc/xen/race.cfg";
    static final String DISK = "/srv/k/race-xvda.img";

    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    SimHost host() {
        SimHost h = SimHost.of(HostKind.XEN, "xen1").cpus(2).memoryMb(2048).dom0MemoryMb(1024);
        h.addTool("/usr/bin/qemu-img");
        h.files().putImage("/srv/k/vmlinuz", 1 << 20);
        return h;
    }

    XlDriver driver(SimHost h) throws Exception {
        if (sim == null) sim = SimSshHost.start(h, dir);
        return new XlDriver(h.hostname(), sim.ssh(), Toolstack.XL, null, null, false);
    }

    static CreateSpec spec() {
        return new CreateSpec("race", 1, 1, 64, 64, 16L, "/srv/k/vmlinuz", null, null, null);
    }

    @Test
    void theLoserOfTheClaimSaysSoAndRemovesNothingOfTheWinners() throws Exception {
        SimHost h = host();
        // the other process claimed the name between this one's checks and its claim
        h.failCommand("ln", 1, "ln: failed to create hard link '" + CFG + "': File exists\n");
        XlDriver d = driver(h);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> d.create(spec(), true));
        assertEquals("a VM with this name was created meanwhile by someone else (" + CFG + " appeared); nothing changed",
                e.detail());
        List<String> log = h.commandLog();
        assertTrue(log.stream().noneMatch(l -> l.contains("qemu-img") || l.contains("truncate") || l.contains("xl create")),
                "no disk made, nothing started: " + log);
        assertTrue(log.stream().noneMatch(l -> l.endsWith("rm -f -- " + CFG) || l.endsWith("rm -f -- " + DISK)),
                "the winner's files are left alone: " + log);
        assertTrue(h.files().paths().stream().noneMatch(p -> p.contains(".cfg.vd-")), "the staged copy is gone");
    }

    @Test
    void twoCreatesAtOnceMakeOneVmWithItsDisk() throws Exception {
        SimHost h = host();
        XlDriver a = driver(h);
        XlDriver b = new XlDriver(h.hostname(), sim.ssh(), Toolstack.XL, null, null, false);
        CyclicBarrier go = new CyclicBarrier(2);
        List<CompletableFuture<Object>> runs = new ArrayList<>();
        for (XlDriver d : List.of(a, b)) {
            runs.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return d.create(spec(), false);
                } catch (VirtdeckException e) {
                    return e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Object> out = new ArrayList<>();
        for (CompletableFuture<Object> r : runs) out.add(r.get(60, TimeUnit.SECONDS));
        assertEquals(1, out.stream().filter(o -> o instanceof OpResult).count(), "exactly one created it: " + out);
        Object lost = out.stream().filter(o -> !(o instanceof OpResult)).findFirst().orElseThrow();
        assertTrue(lost instanceof InvalidRequestException, String.valueOf(lost));
        String why = ((InvalidRequestException) lost).detail();
        assertTrue(why.contains("already exists") || why.contains("created meanwhile"), why);
        assertTrue(h.files().exists(CFG), "the winner's config stays");
        assertTrue(h.files().exists(DISK), "the winner's disk stays");
        assertEquals(16L << 20, h.files().get(DISK).orElseThrow().size());
        assertFalse(h.files().paths().stream().anyMatch(p -> p.contains(".cfg.vd-")));
    }
}
