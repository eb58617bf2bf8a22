package dev.virtdeck.tui;

import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's LXC container {@code vd-lxc} in the packaged TUI, beside the VMs of the same host
 * ({@code lxc1} of {@code inventory-lxc.yaml}, drivers {@code [libvirt, lxc]}): {@code s} starts
 * it, {@code c} opens its console with the same Ctrl-] escape as a VM's, {@code F} forces it off.
 * Checked with a local {@code virsh -c lxc:///system}.
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TuiLabLxcTest {
    static final String URI = "lxc:///system";

    @TempDir
    Path home;
    LabEnv lab;
    String ct;
    TmuxTui tui;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        ct = lab.var("LAB_LXC_GUEST");
        assertTrue(ct != null && !ct.isEmpty(), "lab.env has no LAB_LXC_GUEST (see lab/setup.sh's log)");
        destroy(ct);
    }

    @AfterEach
    void leaveItOff() {
        if (tui != null) tui.close();
        if (ct != null && !ct.isEmpty()) destroy(ct);
    }

    @Test
    void theContainerStartsOpensItsConsoleAndIsForcedOffFromTheTable() throws Exception {
        tui = TmuxTui.open(home, Path.of(lab.var("LAB_LXC_INVENTORY")), TuiLabE2ETest.CONFIG, 120, 40);
        tui.await(ct + " and the lab's VMs in one table", 60, l -> TuiLabE2ETest.vmRow(l, "lxc1", ct, "shutoff")
                && TuiLabE2ETest.vmRow(l, "lxc1", lab.guestDeaf(), "shutoff"));
        tui.type("/");
        tui.awaitText(10, "/_");
        tui.type("lxc1:" + ct);
        tui.keys("Enter");
        tui.await("only the container", 10, l -> l.get(0).contains("filter: lxc1:" + ct)
                && !TuiLabE2ETest.vmRow(l, "lxc1", lab.guestDeaf(), "shutoff"));

        tui.type("s");
        awaitState("running", 30);
        tui.await(ct + " running in the table", 30, l -> TuiLabE2ETest.vmRow(l, "lxc1", ct, "running"));

        tui.type("c");
        tui.awaitText(30, "Connected to lxc1:" + ct);
        boolean answered = false;
        for (int i = 0; i < 10 && !answered; i++) {
            tui.type("echo vd-$((6*7))-tui");
            tui.keys("Enter");
            answered = tui.poll(3, l -> String.join("\n", l).contains("vd-42-tui"));
        }
        assertTrue(answered, "the container's shell printed vd-42-tui:\n" + tui.diagnostics());
        tui.keys("C-]");
        tui.await("the table back after Ctrl-]", 30, l -> TmuxTui.rowOf(l, "HOST", "NAME", "STATE") >= 0
                && TuiLabE2ETest.vmRow(l, "lxc1", ct, "running"));
        assertTrue(String.join("\n", tui.lines()).contains("disconnected from lxc1:" + ct), tui.diagnostics());

        tui.type("F");
        tui.awaitText(15, "Force off this VM?");
        tui.type("y");
        awaitState("shut off", 30);
        tui.await(ct + " shut off in the table", 30, l -> TuiLabE2ETest.vmRow(l, "lxc1", ct, "shutoff"));
    }

    void awaitState(String state, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = null;
        while (System.nanoTime() < end) {
            last = TmuxTui.exec("virsh", "-c", URI, "domstate", ct).strip();
            if (last.equals(state)) return;
            Thread.sleep(250);
        }
        throw new AssertionError(ct + " not " + state + " within " + seconds + " s (last: " + last + ")\n"
                + tui.diagnostics());
    }

    static void destroy(String name) {
        try {
            if (!TmuxTui.exec("virsh", "-c", URI, "domstate", name).strip().equals("shut off")) {
                TmuxTui.exec("virsh", "-c", URI, "destroy", name);
            }
        } catch (Exception e) {
            // best effort
        }
    }
}
