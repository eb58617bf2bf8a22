package dev.virtdeck.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static dev.virtdeck.tui.TuiHarness.ctrl;
import static dev.virtdeck.tui.TuiHarness.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TuiScreenTest {
    private TuiHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    /** A driver without console nor memory changes, as a limited toolstack would declare. */
    static final class LimitedDriver extends FakeDriver {
        LimitedDriver(String host, String... vms) {
            super(host, vms);
        }

        @Override
        public Capabilities capabilities() {
            return Capabilities.allSupported()
                    .with(Capability.unsupported(Operation.CONSOLE, "no serial console on this toolstack"))
                    .with(Capability.unsupported(Operation.SET_MEMORY, "ballooning is off"))
                    .build();
        }
    }

    /** A driver whose listing fails on demand. */
    static final class FlakyDriver extends FakeDriver {
        volatile boolean fail;

        FlakyDriver(String host, String... vms) {
            super(host, vms);
        }

        @Override
        public synchronized List<VmInfo> list() {
            if (fail) throw new IllegalStateException("connection reset by peer");
            return super.list();
        }
    }

    private boolean selectedBackground(int row) {
        return h.cell(5, row).getBackgroundColor().equals(h.app.theme.color(Role.SELECTED));
    }

    @Test
    void tableShowsTheVmsOfSeveralHostsAndTheHostPaneGroupsThem() {
        h = TuiHarness.twoHosts().start();
        assertTrue(h.rowOf("kvm1", "web", "shutoff", "1/2", "192M/256M") > 0, h.text());
        assertTrue(h.rowOf("kvm1", "db") > 0);
        assertTrue(h.rowOf("kvm2", "web") > 0);
        assertTrue(h.rowOf("kvm2", "cache") > 0);
        assertTrue(h.rowOf("HOST", "NAME", "STATE", "VCPU", "MEMORY") > 0, "table header");
        int group = h.rowOf("@rack");
        int kvm1 = h.rowOf("kvm1", "up", "ms", "listed", "libvirt/fake", "2 VMs");
        assertTrue(group > 0 && kvm1 == group + 1, "hosts under their group:\n" + h.text());
        assertTrue(h.lines().get(0).contains("hosts 2/2 up | VMs 4, 0 running"), h.lines().get(0));
    }

    @Test
    void stateIsColouredByState() {
        FakeDriver d = new FakeDriver("kvm1", "web", "db");
        d.start("web");
        h = new TuiHarness().host("kvm1", null, d).start();
        int web = h.rowOf("kvm1", "web", "running");
        int col = h.lines().get(web).indexOf("running");
        assertEquals(h.app.theme.color(Role.RUNNING), h.cell(col, web).getForegroundColor());
        int db = h.rowOf("kvm1", "db", "shutoff");
        assertEquals(h.app.theme.color(Role.SHUTOFF), h.cell(h.lines().get(db).indexOf("shutoff"), db).getForegroundColor());
    }

    @Test
    void jkAndArrowsMoveTheSelection() {
        h = TuiHarness.twoHosts().start();
        int web1 = h.rowOf("kvm1", "web");
        int db = h.rowOf("kvm1", "db");
        assertTrue(selectedBackground(web1), "first row selected at start");
        h.press("j");
        assertTrue(selectedBackground(db));
        assertFalse(selectedBackground(web1));
        h.press(key(KeyType.ArrowDown));
        assertTrue(selectedBackground(h.rowOf("kvm2", "web")));
        h.press("k");
        assertTrue(selectedBackground(db));
        h.press(key(KeyType.ArrowUp), key(KeyType.ArrowUp));
        assertTrue(selectedBackground(web1), "stays on the first row");
        h.press("G");
        assertTrue(selectedBackground(h.rowOf("kvm2", "cache")));
    }

    @Test
    void slashFiltersLiveAndEscClears() {
        h = TuiHarness.twoHosts().start();
        h.press("/");
        assertTrue(h.text().contains("/_"), "filter prompt");
        h.press("c");
        assertTrue(h.rowOf("kvm2", "cache") > 0);
        assertEquals(-1, h.rowOf("kvm1", "web"), "filtered after one keystroke");
        h.press("ac");
        assertTrue(h.lines().get(0).contains("filter: cac"));
        h.press(key(KeyType.Backspace), key(KeyType.Backspace), key(KeyType.Backspace));
        assertTrue(h.rowOf("kvm1", "web") > 0, "backspace widens again");
        h.press("db");
        h.press(key(KeyType.Enter));
        assertEquals(1, h.app.visible.size());
        assertFalse(h.text().contains("/db_"), "enter leaves the prompt, keeps the filter");
        h.press(key(KeyType.Escape));
        assertEquals(4, h.app.visible.size());
        h.press("/zzz");
        assertTrue(h.text().contains("no VM matches the filter 'zzz'"));
    }

    @Test
    void spaceMarksAndCtrlAMarksAllVisible() {
        h = TuiHarness.twoHosts().start();
        h.press(" ");
        int web1 = h.rowOf("kvm1", "web");
        assertEquals("*", h.cell(0, web1).getCharacterString());
        assertTrue(selectedBackground(h.rowOf("kvm1", "db")), "space moves down");
        assertTrue(h.lines().get(0).contains("marked 1"));
        h.press(" ");
        assertTrue(h.lines().get(0).contains("marked 2"));
        h.press("/web");
        h.press(key(KeyType.Enter));
        h.press(ctrl('a'));
        assertTrue(h.lines().get(0).contains("marked 3"), "kvm2:web added: " + h.lines().get(0));
        h.press(ctrl('a'));
        assertTrue(h.lines().get(0).contains("marked 1"), "again: visible ones unmarked, db stays");
    }

    @Test
    void startOnAMarkedSetRunsBothAndReportsTwoOutcomes() {
        h = TuiHarness.twoHosts().start();
        h.press(" ");          // kvm1:web
        h.press("jj");
        h.press(" ");          // kvm2:cache
        h.press("s");
        h.awaitText("start: 2 ok");
        FakeDriver d1 = (FakeDriver) h.drivers.get("kvm1");
        FakeDriver d2 = (FakeDriver) h.drivers.get("kvm2");
        assertEquals(VmState.RUNNING, d1.state("web"));
        assertEquals(VmState.RUNNING, d2.state("cache"));
        assertEquals(VmState.SHUTOFF, d1.state("db"));
        OperationLog.Entry e = h.log.entries().get(0);
        assertEquals("virtdeck -i inv.yaml start kvm1:web kvm2:cache", e.line());
        assertEquals("2 ok", e.result());
        h.await(() -> h.rowOf("kvm2", "cache", "running") > 0, "table follows the new state");
    }

    @Test
    void forceOffAsksConfirmationNamingEveryTargetAndNOrEscCancel() {
        FakeDriver d = new FakeDriver("kvm1", "web", "db");
        d.start("web");
        d.start("db");
        h = new TuiHarness().host("kvm1", null, d).start();
        h.press(ctrl('a'));
        h.press("F");
        assertTrue(h.text().contains("Force off these 2 VMs?"), h.text());
        assertTrue(h.rowOf("kvm1:web", "(running)") > 0);
        assertTrue(h.rowOf("kvm1:db", "(running)") > 0);
        h.press("n");
        assertFalse(h.text().contains("Force off these"));
        assertTrue(h.text().contains("Force off: cancelled"));
        h.press("F");
        h.press(key(KeyType.Escape));
        assertFalse(h.text().contains("Force off these"));
        assertEquals(VmState.RUNNING, d.state("web"), "nothing ran");
        h.press("F");
        h.press("y");
        h.awaitText("poweroff: 2 ok");
        assertEquals(VmState.SHUTOFF, d.state("web"));
        assertEquals(VmState.SHUTOFF, d.state("db"));
    }

    @Test
    void aKeyTheDriverCannotDoIsShownDisabledWithTheReason() {
        h = new TuiHarness().host("xen1", null, new LimitedDriver("xen1", "vm1")).start(160, 30);
        int hints = h.rowOf("<c>console");
        assertTrue(hints > 0, h.text());
        int col = h.lines().get(hints).indexOf("<c>console");
        assertTrue(h.cell(col, hints).getModifiers().contains(SGR.CROSSED_OUT), "console hint is disabled");
        assertEquals(h.app.theme.color(Role.DISABLED), h.cell(col, hints).getForegroundColor());
        int s = h.lines().get(hints).indexOf("<s>start");
        assertFalse(h.cell(s, hints).getModifiers().contains(SGR.CROSSED_OUT), "start is enabled");
        h.press("c");
        assertTrue(h.text().contains("console: xen1:vm1: console is not supported: no serial console on this toolstack"),
                h.text());
        assertTrue(h.consoleAttaches.isEmpty());
        h.press("m");
        assertTrue(h.text().contains("set-memory is not supported: ballooning is off"), h.text());
        h.press("?");
        assertTrue(h.text().contains("DISABLED for xen1:vm1: console is not supported"), h.text());
    }

    @Test
    void aHostWhoseDriverThrowsKeepsItsRowsGreyedWithItsError() {
        FlakyDriver flaky = new FlakyDriver("kvm2", "old1", "old2");
        h = new TuiHarness().host("kvm1", null, new FakeDriver("kvm1", "web")).host("kvm2", null, flaky).start(160, 30);
        assertTrue(h.rowOf("kvm2", "old1", "shutoff") > 0);
        flaky.fail = true;
        h.refresh();
        int row = h.rowOf("kvm2", "old1", "shutoff?");
        assertTrue(row > 0, "last-known row kept, marked stale:\n" + h.text());
        assertEquals(h.app.theme.color(Role.STALE), h.cell(h.lines().get(row).indexOf("old1"), row).getForegroundColor());
        int web = h.rowOf("kvm1", "web");
        assertNotEquals(h.app.theme.color(Role.STALE), h.cell(h.lines().get(web).indexOf("web"), web).getForegroundColor());
        int host = h.rowOf("kvm2", "DOWN", "(stale)", "connection reset by peer");
        assertTrue(host > 0, h.text());
        assertTrue(h.lines().get(host).contains("listed 0s ago") || h.lines().get(host).contains("listed 1s ago"),
                "age of the last good listing: " + h.lines().get(host));
        assertTrue(h.lines().get(0).contains("hosts 1/2 up"));
        flaky.fail = false;
        h.refresh();
        assertTrue(h.rowOf("kvm2", "old1", "shutoff ") > 0 && h.rowOf("kvm2", "DOWN") < 0, "recovers");
    }

    @Test
    void resizeTo80x24And200x60Redraws() {
        h = TuiHarness.twoHosts().start(120, 40);
        for (TerminalSize size : List.of(new TerminalSize(80, 24), new TerminalSize(200, 60))) {
            h.terminal.setTerminalSize(size);
            h.pump();
            List<String> lines = h.lines();
            assertEquals(size.getRows(), lines.size());
            assertTrue(lines.get(0).startsWith(" virtdeck | hosts 2/2 up"));
            assertTrue(h.rowOf("kvm2", "cache") > 0, "table at " + size + ":\n" + h.text());
            String last = lines.get(size.getRows() - 1) + lines.get(size.getRows() - 2);
            assertTrue(last.contains("<") && last.contains(">"), "hint bar at the bottom at " + size);
            if (size.getColumns() >= 200) {
                assertTrue(lines.get(size.getRows() - 1).contains("<q>quit"), "one hint line is enough at 200");
                assertTrue(h.rowOf("CPU TIME") > 0);
            }
        }
    }

    @Test
    void hintBarIsGeneratedFromTheKeyTableAndFollowsTheConfig() throws Exception {
        h = TuiHarness.twoHosts();
        h.config = ConfigLoader.parse("keys:\n  force-off: K\n  down: [n, down]\n  new-vm: N\n", Path.of("config.yaml"));
        h.start(200, 40);
        String hints = h.lines().get(39) + h.lines().get(38);
        assertTrue(hints.contains("<K>force off"), hints);
        assertFalse(hints.contains("<F>"), hints);
        for (String hint : h.app.keys.hints()) assertTrue(hints.contains(hint.replace("> ", ">")), hint + " in " + hints);
        h.press("n");
        assertTrue(selectedBackground(h.rowOf("kvm1", "db")), "n moves down now");
        h.press("K");
        assertTrue(h.text().contains("Force off this VM?"));
    }

    /** The confirmation of a dangerous key lists the plan per VM, as --dry-run prints it, refused ones marked. */
    @Test
    void confirmationListsThePlanAndFlagsRefusedTargets() {
        FakeDriver d = new FakeDriver("kvm1", "web", "db");
        d.start("web");
        h = new TuiHarness().host("kvm1", null, d).start(200, 40);
        h.press(ctrl('a'));
        h.press("X");
        assertTrue(h.text().contains("Reset these 2 VMs?"), h.text());
        assertTrue(h.rowOf("  kvm1:web  (running)  would-run: would hard-reset") > 0, h.text());
        assertTrue(h.rowOf("! kvm1:db  (shutoff)  refused: the VM is not running (state shutoff)") > 0, h.text());
        assertTrue(h.text().contains("! would be refused: yes still sends it to every VM listed"), h.text());
        h.press("n");
        assertFalse(h.text().contains("Reset these"));

        h.press("F");
        assertTrue(h.rowOf("  kvm1:web  (running)  would-run: would power off (running)") > 0, h.text());
        assertTrue(h.rowOf("  kvm1:db  (shutoff)  nothing-to-do: already shut off") > 0, h.text());
        assertFalse(h.text().contains("! would be refused"), h.text());
        h.press(key(KeyType.Escape));
        assertEquals(VmState.RUNNING, d.state("web"), "nothing ran");
    }

    @Test
    void helpListsEveryKey() {
        h = TuiHarness.twoHosts().start(200, 60);
        h.press("?");
        String text = h.text();
        for (KeyBinding b : h.app.keys.bindings()) {
            int row = h.rowOf(b.keyLabel() + " ", b.description());
            assertTrue(row > 0, b.action() + " in help:\n" + text);
        }
        assertTrue(h.rowOf("F", "force off", "[asks to confirm]") > 0);
        h.press(key(KeyType.Escape));
        assertFalse(h.text().contains("[asks to confirm]"));
    }

    @Test
    void memoryDialogShowsCurrentAndMaximumAndValidatesBeforeSending() {
        h = TuiHarness.twoHosts().start();
        h.press("m");
        assertTrue(h.text().contains("kvm1:web: current 192 MiB, maximum 256 MiB (shutoff)"), h.text());
        assertTrue(h.text().contains("Applies: at next boot only (configuration)"), h.text());
        h.press("300M");
        h.press(key(KeyType.Enter));
        assertTrue(h.text().contains("300 MiB is more than its maximum 256 MiB"), h.text());
        h.press(key(KeyType.Backspace), key(KeyType.Backspace), key(KeyType.Backspace), key(KeyType.Backspace));
        h.press("1.5x");
        h.press(key(KeyType.Enter));
        assertTrue(h.text().contains("invalid size '1.5x'"), h.text());
        h.press(ctrl('u'));
        h.press("128M");
        h.press(key(KeyType.Enter));
        h.awaitText("set-memory: 1 ok");
        assertEquals("virtdeck -i inv.yaml set-memory kvm1:web --config 128M", h.log.entries().get(0).line());
        h.press("v");
        h.press(key(KeyType.Tab));
        assertTrue(h.text().contains("Applies: the MAXIMUM, at next boot"), h.text());
        h.press("4");
        h.press(key(KeyType.Enter));
        h.awaitText("set-vcpus: 1 ok");
        assertEquals("virtdeck -i inv.yaml set-vcpus kvm1:web --max 4", h.log.entries().get(2).line());
    }

    @Test
    void vcpuDialogShowsCurrentAndMaximumAndRefusesMoreThanTheMaximum() {
        h = TuiHarness.twoHosts().start();
        h.press("v");
        assertTrue(h.text().contains("kvm1:web: current 1, maximum 2 (shutoff)"), h.text());
        h.press("3");
        h.press(key(KeyType.Enter));
        assertTrue(h.text().contains("kvm1:web: 3 is more than its maximum 2 (Tab to change the maximum"), h.text());
        assertTrue(h.log.entries().isEmpty(), "nothing was sent");
        h.press(ctrl('u'));
        h.press("x");
        h.press(key(KeyType.Enter));
        assertTrue(h.text().contains("vCPU count"), h.text());
        h.press(ctrl('u'));
        h.press("2");
        h.press(key(KeyType.Enter));
        h.awaitText("set-vcpus: 1 ok");
        assertEquals("virtdeck -i inv.yaml set-vcpus kvm1:web --config 2", h.log.entries().get(0).line());
    }

    @Test
    void failuresStayVisibleUntilDismissed() {
        FakeDriver d = new FakeDriver("kvm1", "web") {
            @Override
            public dev.virtdeck.driver.OpResult reboot(String vm) {
                throw new dev.virtdeck.error.CommandFailedException("kvm1", vm, "virsh reboot web", 1, "",
                        "error: domain is not running");
            }
        };
        h = new TuiHarness().host("kvm1", null, d).start();
        h.press("r");
        h.press("y");
        h.awaitText("reboot: 1 failed");
        assertTrue(h.text().contains("kvm1:web: failed:"), h.text());
        h.press("x");
        assertTrue(h.text().contains("kvm1:web: failed:"), "stays until dismissed");
        h.press(key(KeyType.Escape));
        assertFalse(h.text().contains("kvm1:web: failed:"));
    }

    @Test
    void commandPromptRunsACliLineAndShowsItsOutput() {
        h = TuiHarness.twoHosts().start();
        h.press(":");
        h.press("start 'kvm1:web' kvm2:cache");
        h.press(key(KeyType.Enter));
        h.awaitText("ok from the CLI");
        assertEquals(List.of("start", "kvm1:web", "kvm2:cache"), h.commandsRun.get(0));
        assertEquals("virtdeck -i inv.yaml start kvm1:web kvm2:cache", h.log.entries().get(0).line());
        h.press(key(KeyType.Escape));
        h.press("l");
        assertTrue(h.text().contains("virtdeck -i inv.yaml start kvm1:web kvm2:cache  # exit 0"), h.text());
    }

    @Test
    void consoleStopsTheScreenHandsOverAndRedrawsExactlyAsBefore() {
        FakeDriver d = new FakeDriver("kvm1", "web", "db") {
            @Override
            public ConsoleStream console(String vm, boolean force) {
                return new ConsoleStream() {
                    public InputStream input() {
                        return new ByteArrayInputStream(new byte[0]);
                    }

                    public OutputStream output() {
                        return new ByteArrayOutputStream();
                    }

                    public String command() {
                        return "virsh console " + vm;
                    }

                    public void close() {
                    }
                };
            }
        };
        h = new TuiHarness().host("kvm1", null, d);
        h.bridge = (stream, label, escape) -> {
            h.consoleAttaches.add(label + " esc=" + escape);
            // the screen is stopped: scribble on the terminal like a console would
            h.terminal.clearScreen();
            h.terminal.setCursorPosition(0, 0);
            h.terminal.putString("guest# echo hi");
            h.terminal.setCursorPosition(0, 1);
            h.terminal.putString("hi");
            return "disconnected from " + label;
        };
        h.start();
        h.press("j");
        List<String> before = h.lines();
        h.press("c");
        h.await(() -> !h.consoleAttaches.isEmpty(), "the console attached");
        h.awaitText("disconnected from kvm1:db");
        assertEquals(List.of("kvm1:db esc=29"), h.consoleAttaches);
        List<String> after = h.lines();
        for (int r = 0; r < before.size() - 3; r++) assertEquals(before.get(r), after.get(r), "row " + r);
        assertTrue(h.text().contains("disconnected from kvm1:db"));
        assertTrue(selectedBackground(h.rowOf("kvm1", "db")), "selection intact");
        assertEquals("virtdeck -i inv.yaml console kvm1:db", h.log.entries().get(0).line());
    }

    @Test
    @Timeout(30) // the UI thread blocked in console() would hang here
    void aConsoleSlowToOpenLeavesTheUiResponsive() throws Exception {
        CountDownLatch hostAnswers = new CountDownLatch(1);
        FakeDriver d = new FakeDriver("kvm1", "web", "db") {
            @Override
            public ConsoleStream console(String vm, boolean force) {
                try {
                    hostAnswers.await(); // a host slow to run 'virsh console'
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new dev.virtdeck.error.HostUnreachableException("kvm1", vm, "virsh console " + vm, "timed out");
            }
        };
        h = new TuiHarness().host("kvm1", null, d);
        h.start();
        h.press("c");
        assertTrue(h.text().contains("console: opening kvm1:web"), h.text());
        h.press("j"); // the table still moves while the host keeps us waiting
        assertTrue(selectedBackground(h.rowOf("kvm1", "db")), "selection moved to db");
        h.press("c");
        assertTrue(h.text().contains("console: another console is being opened"), h.text());
        hostAnswers.countDown();
        h.awaitText("console: kvm1:web:");
        assertTrue(h.text().contains("timed out"), h.text());
        assertTrue(h.consoleAttaches.isEmpty());
    }

    @Test
    void quitKeyEndsTheLoop() {
        h = TuiHarness.twoHosts().start();
        assertFalse(h.app.quitRequested());
        h.press("q");
        assertTrue(h.app.quitRequested());
        assertNull(h.app.overlay);
    }
}
