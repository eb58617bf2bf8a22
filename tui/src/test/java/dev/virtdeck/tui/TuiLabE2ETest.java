package dev.virtdeck.tui;

import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.virtdeck.tui.TmuxTui.awaitDomstate;
import static dev.virtdeck.tui.TmuxTui.destroy;
import static dev.virtdeck.tui.TmuxTui.domstate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged {@code ./virtdeck} TUI in a 120x40 tmux window against the real lab (lab1 and lab2
 * share one libvirtd, so each guest is listed twice): keys change the guests' real state (checked
 * with a local {@code virsh domstate}) and the table follows; the console round trip; the filter;
 * a marked start on two guests. Rows are chosen by filtering to one {@code HOST:VM}, never by
 * counting cursor moves. Every wait is a generous poll; no latency is asserted.
 */
@Tag("lab")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TuiLabE2ETest {
    /** Short refresh so the table follows quickly; a shutdown deadline that leaves room to retry. */
    static final String CONFIG = "refresh_seconds: 2\nshutdown_timeout_seconds: 25\n";

    @TempDir
    Path home;
    LabEnv lab;
    TmuxTui tui;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        destroy(lab.guestDeaf());
        destroy(lab.guestAcpi());
    }

    @AfterEach
    void leaveGuestsOff() {
        if (tui != null) tui.close();
        if (lab != null) {
            destroy(lab.guestDeaf());
            destroy(lab.guestAcpi());
        }
    }

    /** @return whether a table row shows {@code host vm state} (the title and host pane never match) */
    static boolean vmRow(List<String> lines, String host, String vm, String state) {
        Pattern p = Pattern.compile("^[ *] " + Pattern.quote(host) + "\\s+" + Pattern.quote(vm) + "\\s+"
                + Pattern.quote(state) + "(\\s|$)");
        return lines.stream().anyMatch(l -> p.matcher(l).find());
    }

    static long vmRows(List<String> lines) {
        Pattern p = Pattern.compile("^[ *] lab[12]\\s+vd-\\S+\\s+\\S+");
        return lines.stream().filter(l -> p.matcher(l).find()).count();
    }

    void awaitVm(String host, String vm, String state, int seconds) throws Exception {
        tui.await(host + ":" + vm + " " + state + " in the table", seconds, l -> vmRow(l, host, vm, state));
    }

    TmuxTui open() throws Exception {
        tui = TmuxTui.open(home, lab.inventory(), CONFIG, 120, 40);
        // the table header and the hint bar: the TUI is up
        tui.await("the TUI", 60, l -> TmuxTui.rowOf(l, "HOST", "NAME", "STATE", "VCPU", "MEMORY") >= 0
                && TmuxTui.rowOf(l, "<s>start") >= 0);
        return tui;
    }

    /** Types a filter that leaves only the rows containing {@code text}, and keeps it. */
    void filter(String text) throws Exception {
        if (tui.lines().get(0).contains("filter: ")) { // esc in the table clears the filter
            tui.keys("Escape");
            tui.await("the old filter cleared", 10, l -> !l.get(0).contains("filter: "));
        }
        tui.type("/");
        tui.awaitText(10, "/_");
        tui.type(text);
        tui.awaitText(10, "/" + text + "_");
        tui.keys("Enter");
        tui.await("filter '" + text + "' kept", 10, l -> l.get(0).contains("filter: " + text) && !String.join("\n", l)
                .contains("/" + text + "_"));
    }

    @Test
    void guestAppearsStartConsoleAndForceOffFollowTheRealState() throws Exception {
        String deaf = lab.guestDeaf();
        open();
        awaitVm("lab1", deaf, "shutoff", 60);
        awaitVm("lab2", deaf, "shutoff", 60);

        // `/` filters live: only the matching row remains
        filter("lab1:" + deaf);
        List<String> shown = tui.lines();
        assertTrue(vmRow(shown, "lab1", deaf, "shutoff"), tui.diagnostics());
        assertEquals(1, vmRows(shown), "only lab1:" + deaf + " left:\n" + tui.diagnostics());
        assertTrue(shown.get(0).contains("shown 1"), shown.get(0));

        // s: the real guest starts and the table follows
        tui.type("s");
        awaitDomstate(deaf, "running", 60);
        awaitVm("lab1", deaf, "running", 60);
        tui.awaitText(30, "start: 1 ok");

        // c: the serial console; a command typed in the guest answers; Ctrl-] returns to the table
        tui.type("c");
        tui.awaitText(60, "Connected to lab1:" + deaf);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        boolean answered = false;
        while (!answered && System.nanoTime() < deadline) {
            tui.type("echo vd-$((6*7))");
            tui.keys("Enter");
            answered = tui.poll(5, l -> String.join("\n", l).contains("vd-42"));
        }
        assertTrue(answered, "the guest shell printed vd-42:\n" + tui.diagnostics());
        tui.keys("C-]");
        tui.await("the table back after Ctrl-]", 30, l -> TmuxTui.rowOf(l, "HOST", "NAME", "STATE") >= 0
                && TmuxTui.rowOf(l, "<s>start") >= 0 && vmRow(l, "lab1", deaf, "running"));
        List<String> back = tui.lines();
        assertFalse(String.join("\n", back).contains("vd-42"), "no console output left on the table:\n" + tui.diagnostics());
        assertTrue(back.get(0).contains("filter: lab1:" + deaf), "the filter survived the console: " + back.get(0));
        assertTrue(String.join("\n", back).contains("disconnected from lab1:" + deaf), tui.diagnostics());
        assertEquals(1, vmRows(back));

        // F: asks confirmation naming the target; y forces it off
        tui.type("F");
        tui.awaitText(15, "Force off this VM?");
        assertTrue(tui.hasRow("lab1:" + deaf, "(running)"), tui.diagnostics());
        tui.type("y");
        awaitDomstate(deaf, "shut off", 60);
        awaitVm("lab1", deaf, "shutoff", 60);
        tui.awaitText(30, "poweroff: 1 ok");
    }

    @Test
    void gracefulShutdownOfTheAcpiGuestFollowsTheRealState() throws Exception {
        Assumptions.assumeTrue(lab.hasAcpiGuest(), "the lab has no ACPI-honouring guest (LAB_GUEST_ACPI empty)");
        String acpi = lab.guestAcpi();
        open();
        awaitVm("lab1", acpi, "shutoff", 60);
        filter("lab1:" + acpi);
        tui.type("s");
        awaitDomstate(acpi, "running", 60);
        awaitVm("lab1", acpi, "running", 60);
        // the guest's power-button watcher arms ~10 s after boot: a press before that is lost,
        // so S is retried (declining the offered force off) until the guest goes off by itself
        Thread.sleep(10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        boolean off = false;
        while (!off && System.nanoTime() < deadline) {
            tui.type("S");
            tui.await("the shutdown's outcome", 90, l -> String.join("\n", l).contains("shutdown: 1 ok")
                    || String.join("\n", l).contains("(esc to dismiss)"));
            off = tui.screen().contains("shutdown: 1 ok");
            if (!off) { // timed out: dismiss the failure box, decline the offered force off, retry
                tui.keys("Escape");
                tui.awaitText(15, "Force off this VM?");
                tui.type("n");
                tui.await("the confirmation closed", 15, l -> !String.join("\n", l).contains("Force off this VM?"));
                assertEquals("running", domstate(acpi), "declined: nothing forced");
            }
        }
        assertTrue(off, "graceful shutdown reported ok:\n" + tui.diagnostics());
        assertEquals("shut off", domstate(acpi), "the guest went off by ACPI, not forced");
        awaitVm("lab1", acpi, "shutoff", 60);
    }

    @Test
    void markedStartOnTwoGuestsReportsTwoOutcomes() throws Exception {
        Assumptions.assumeTrue(lab.hasAcpiGuest(), "needs a second guest (LAB_GUEST_ACPI empty)");
        String deaf = lab.guestDeaf();
        String acpi = lab.guestAcpi();
        open();
        awaitVm("lab1", deaf, "shutoff", 60);
        awaitVm("lab1", acpi, "shutoff", 60);
        filter("lab1:vd-");
        List<String> shown = tui.lines();
        assertEquals(2, vmRows(shown), "the two lab1 guests:\n" + tui.diagnostics());
        tui.type(" ");
        tui.await("one mark", 10, l -> l.get(0).contains("marked 1"));
        tui.type(" ");
        tui.await("two marks", 10, l -> l.get(0).contains("marked 2"));
        tui.type("s");
        tui.awaitText(120, "start: 2 ok");
        assertEquals("running", domstate(deaf));
        assertEquals("running", domstate(acpi));
        awaitVm("lab1", deaf, "running", 60);
        awaitVm("lab1", acpi, "running", 60);
    }
}
