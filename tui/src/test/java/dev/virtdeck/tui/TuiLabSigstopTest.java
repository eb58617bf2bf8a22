package dev.virtdeck.tui;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.testlab.LabSshd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.virtdeck.tui.TmuxTui.awaitDomstate;
import static dev.virtdeck.tui.TmuxTui.destroy;
import static dev.virtdeck.tui.TmuxTui.exec;
import static dev.virtdeck.tui.TuiLabE2ETest.vmRow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host whose sshd is frozen (SIGSTOP: the TCP connection stays up, nothing answers) while the
 * packaged TUI runs in tmux: the keys keep answering and lab1 keeps refreshing. The frozen host
 * is a throwaway sshd of this test (the lab's config, its own port and host key) serving the same
 * libvirtd through the virsh transport; the shared lab sshds are never stopped.
 */
@Tag("lab")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TuiLabSigstopTest {
    @TempDir
    Path dir;
    LabEnv lab;
    LabSshd sshd;
    TmuxTui tui;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        destroy(lab.guestDeaf());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (tui != null) tui.close();
        if (sshd != null) sshd.close();
        if (lab != null) destroy(lab.guestDeaf());
    }

    /** @return the "listed Ns ago" age of a host in the host pane, or -1 when not shown in seconds */
    static int listedAge(List<String> lines, String host) {
        Pattern p = Pattern.compile("^\\s+" + Pattern.quote(host) + "\\s.*listed (\\d+)s ago");
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.find()) return Integer.parseInt(m.group(1));
        }
        return -1;
    }

    @Test
    void aFrozenSshdNeitherFreezesTheKeysNorStopsTheOtherHostsRefreshing() throws Exception {
        String deaf = lab.guestDeaf();
        sshd = LabSshd.start(dir, lab);
        Path inv = dir.resolve("inventory.yaml");
        Files.writeString(inv, "defaults: {user: " + lab.user() + ", identity: " + lab.key() + ", known_hosts: "
                + sshd.knownHosts() + "}\nhosts:\n"
                + "  lab1: {address: " + lab.host() + ", port: " + lab.port()
                + ", drivers: [libvirt], libvirt: {uri: 'qemu:///system', transport: native}, groups: [lab]}\n"
                + "  frozen: {address: 127.0.0.1, port: " + sshd.port()
                + ", drivers: [libvirt], libvirt: {uri: 'qemu:///system', transport: virsh}, groups: [spare]}\n");
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        tui = TmuxTui.open(home, inv, "refresh_seconds: 2\n", 120, 40);
        tui.await("both hosts listed", 90, l -> vmRow(l, "lab1", deaf, "shutoff") && vmRow(l, "frozen", deaf, "shutoff"));

        Set<Long> stopped = sshd.freeze();
        assertTrue(!stopped.isEmpty(), "stopped the sshd");
        Thread.sleep(3000); // the frozen host's next refresh is now hanging

        // keys answer: the filter prompt echoes what is typed, help opens and closes
        tui.type("/");
        tui.awaitText(20, "/_");
        tui.type("dea");
        tui.awaitText(20, "/dea_");
        tui.await("the filter applied", 20, l -> l.get(0).contains("filter: dea"));
        tui.keys("Escape");
        tui.await("the filter cleared", 20, l -> !l.get(0).contains("filter: "));
        tui.type("?");
        tui.await("the help box", 20, l -> TmuxTui.rowOf(l, "force off", "[asks to confirm]") >= 0);
        tui.keys("Escape");
        tui.await("help closed", 20, l -> TmuxTui.rowOf(l, "[asks to confirm]") < 0);

        // lab1 keeps refreshing: a change made with virsh shows up, while the frozen host's row,
        // same guest, stays as it was
        exec("virsh", "-c", "qemu:///system", "start", deaf);
        awaitDomstate(deaf, "running", 60);
        tui.await("lab1 following the change while frozen hangs", 90,
                l -> vmRow(l, "lab1", deaf, "running") && !vmRow(l, "frozen", deaf, "running"));
        // and its "listed" age keeps resetting while the frozen host's only grows
        tui.await("lab1 freshly listed, frozen not for 10 s", 90, l -> {
            int a = listedAge(l, "lab1");
            int f = listedAge(l, "frozen");
            return a >= 0 && a <= 5 && f >= 10;
        });
        tui.type("/");
        tui.awaitText(20, "/_");
        tui.keys("Escape");

        // SIGCONT: the frozen host answers again and catches up
        sshd.thaw();
        tui.await("the thawed host listed again", 180, l -> vmRow(l, "frozen", deaf, "running"));
    }
}
