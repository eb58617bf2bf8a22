package dev.virtdeck.tui;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.testlab.LabLibvirtd;
import dev.virtdeck.testlab.LabSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.virtdeck.tui.TmuxTui.exec;
import static dev.virtdeck.tui.TuiLabE2ETest.vmRow;
import static dev.virtdeck.tui.TuiLabFaultNetTest.hostRow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The TUI in tmux, connected over the native transport, while the lab's libvirtd restarts
 * (issue 10): the keys answer throughout, a refresh that lands while libvirtd is down shows the
 * clear error on the host's row, and the host is listed again by itself once libvirtd answers.
 *
 * <p><b>Restarts the lab's libvirtd</b>, like the CLI's LabFaultLibvirtdRestartTest: run it
 * holding {@code /var/tmp/virtdeck-lab/.libvirtd.lock} exclusively.
 */
@Tag("lab")
@Tag("libvirtd-restart")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class TuiLabLibvirtdRestartTest {
    static final String VM = "vdnet-tui-lvr";

    @TempDir
    Path dir;
    LabEnv lab;
    LabSshd sshd;
    TmuxTui tui;

    @BeforeEach
    void lab() throws Exception {
        lab = LabEnv.require();
        TmuxTui.defineIdle(lab, dir, VM);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            LabLibvirtd.start();
        } finally {
            try {
                if (tui != null) tui.close();
            } finally {
                try {
                    if (sshd != null) sshd.close();
                } finally {
                    TmuxTui.undefine(VM);
                }
            }
        }
    }

    static int listedAge(String row) {
        Matcher m = Pattern.compile("listed (\\d+)s ago").matcher(row);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    @Test
    void theTuiRidesOutALibvirtdRestartAndListsTheHostAgainByItself() throws Exception {
        sshd = LabSshd.start(Files.createDirectories(dir.resolve("sshd")), lab);
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "defaults: {user: " + lab.user() + ", identity: " + lab.key() + ", known_hosts: "
                + sshd.knownHosts() + "}\nhosts:\n"
                + "  nat: {address: 127.0.0.1, port: " + sshd.port()
                + ", drivers: [libvirt], libvirt: {uri: 'qemu:///system', transport: native}}\n");
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        tui = TmuxTui.open(home, inv, "refresh_seconds: 1\n", 220, 40);
        tui.await("the host up with the test guest", 90,
                l -> hostRow(l, "nat").contains(" up ") && vmRow(l, "nat", VM, "shutoff"));

        // libvirtd down for a few refreshes: watch the row meanwhile, keys included
        exec("pkill", "-x", "libvirtd");
        List<String> rows = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (LabLibvirtd.running() && System.nanoTime() < end) {
            rows.add(hostRow(tui.lines(), "nat"));
            Thread.sleep(100);
        }
        assertTrue(!LabLibvirtd.running(), "libvirtd stopped");
        tui.await("the outage on the host's row", 20, l -> hostRow(l, "nat").contains("DOWN"));
        String down = hostRow(tui.lines(), "nat");
        System.out.println("TUI row while libvirtd is down: " + down.strip());
        assertTrue(down.contains("the libvirt connection ended and could not be reopened"), down);
        tui.type("/");
        tui.awaitText(10, "/_");
        tui.keys("Escape");
        tui.await("the prompt closed", 10, l -> !String.join("\n", l).contains("/_"));

        long startedAt = System.nanoTime();
        LabLibvirtd.start();
        tui.await("the host up again, freshly listed", 20, l -> {
            String row = hostRow(l, "nat");
            return row.contains(" up ") && listedAge(row) >= 0 && listedAge(row) <= 2 && vmRow(l, "nat", VM, "shutoff");
        });
        double back = (System.nanoTime() - startedAt) / 1e9;
        System.out.println("TUI row " + back + " s after libvirtd answered again: " + hostRow(tui.lines(), "nat").strip());
        assertTrue(back < 10, "listed again within a few refreshes of libvirtd's return: " + back + " s");
        assertTrue(!rows.isEmpty() && rows.stream().noneMatch(String::isEmpty), "the host row was drawn all along");
    }
}
