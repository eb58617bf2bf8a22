package dev.virtdeck.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.virtdeck.tui.TuiHarness.ctrl;
import static dev.virtdeck.tui.TuiHarness.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The action keys without a test elsewhere, on the virtual terminal over fake drivers: each
 * asserts what the screen shows, what reached the driver and the logged CLI line.
 */
class TuiKeysTest {
    private TuiHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    /** A fake that records resets, disks and live details calls. */
    static final class RecordingDriver extends FakeDriver {
        final List<String> calls = new CopyOnWriteArrayList<>();

        RecordingDriver(String host, String... vms) {
            super(host, vms);
        }

        @Override
        public OpResult reset(String vm) {
            calls.add("reset " + vm);
            return super.reset(vm);
        }

        @Override
        public OpResult attachDisk(String vm, long sizeMiB, Set<Scope> scope) {
            calls.add("disk " + vm + " " + sizeMiB + " " + scope);
            return super.attachDisk(vm, sizeMiB, scope);
        }

        @Override
        public synchronized VmInfo details(String vm) {
            calls.add("details " + vm);
            VmInfo v = super.details(vm);
            // live details differ from the listing: proves the view asked the driver
            return new VmInfo(v.host(), v.driver(), v.name(), v.uuid(), v.state(), v.nativeState(), v.vcpus(),
                    v.maxVcpus(), 200L, v.maxMemoryMiB(), v.persistent(), 4_500_000_000L,
                    vm.equals("db") ? "xcp-b" : null);
        }
    }

    private List<String> logLines() {
        return h.log.entries().stream().filter(e -> e.line() != null).map(e -> e.line() + " => " + e.result()).toList();
    }

    @Test
    void pTogglesPauseAndResumeAndSplitsAMixedMarkedSet() {
        FakeDriver d = new FakeDriver("kvm1", "web", "db");
        d.start("web");
        d.start("db");
        h = new TuiHarness().host("kvm1", null, d).start();
        h.press("p");
        h.awaitText("pause: 1 ok");
        assertEquals(VmState.PAUSED, d.state("web"));
        h.await(() -> h.rowOf("kvm1", "web", "paused") > 0, "the table shows web paused");
        h.press("p");
        h.awaitText("resume: 1 ok");
        assertEquals(VmState.RUNNING, d.state("web"));
        h.await(() -> h.rowOf("kvm1", "web", "running") > 0, "the table shows web running again");
        assertEquals(List.of("virtdeck -i inv.yaml pause kvm1:web => 1 ok", "virtdeck -i inv.yaml resume kvm1:web => 1 ok"),
                logLines());

        // marked: a paused VM and a running one; p resumes the first and pauses the second
        h.press("p");
        h.await(() -> h.rowOf("kvm1", "web", "paused") > 0, "web paused again");
        h.press(ctrl('a'));
        h.press("p");
        h.await(() -> logLines().size() == 5, "both jobs finished and logged");
        assertEquals(VmState.RUNNING, d.state("web"));
        assertEquals(VmState.PAUSED, d.state("db"));
        List<String> log = logLines();
        assertTrue(log.contains("virtdeck -i inv.yaml resume kvm1:web => 1 ok"), log.toString());
        assertTrue(log.contains("virtdeck -i inv.yaml pause kvm1:db => 1 ok"), log.toString());
    }

    @Test
    void aShutdownThatTimesOutOffersForceOffForTheVmsItFailedOn() {
        FakeDriver d = new FakeDriver("kvm1", "web", "db") {
            @Override
            public OpResult shutdown(String vm, ShutdownRequest r) {
                if (vm.equals("web")) {
                    throw new OperationTimeoutException("kvm1", vm, "virsh shutdown web",
                            "still running after " + r.timeout().toSeconds() + " s");
                }
                return super.shutdown(vm, r);
            }
        };
        d.start("web");
        d.start("db");
        h = new TuiHarness().host("kvm1", null, d).start(160, 30);
        h.press(ctrl('a'));
        h.press("S");
        h.awaitText("shutdown: 1 failed, 1 ok (esc to dismiss)");
        assertTrue(h.text().contains("kvm1:web: failed: still running after 60 s"), h.text());
        h.press(key(KeyType.Escape));
        assertTrue(h.text().contains("Shutdown failed or timed out. Force off this VM?"), h.text());
        assertTrue(h.rowOf("kvm1:web", "(running)") > 0, "only the VM that failed: " + h.text());
        assertEquals(-1, h.rowOf("kvm1:db", "(running)"), h.text());
        h.press("y");
        h.awaitText("poweroff: 1 ok");
        assertEquals(VmState.SHUTOFF, d.state("web"));
        assertEquals(List.of("virtdeck -i inv.yaml shutdown kvm1:web kvm1:db --timeout 60 => 1 failed, 1 ok",
                "virtdeck -i inv.yaml poweroff kvm1:web => 1 ok"), logLines());
    }

    @Test
    void xResetAsksConfirmationNamingTheTargetAndOnlyYesResets() {
        RecordingDriver d = new RecordingDriver("kvm1", "web", "db");
        d.start("web");
        h = new TuiHarness().host("kvm1", null, d).start();
        h.press("X");
        assertTrue(h.text().contains("Reset this VM?"), h.text());
        assertTrue(h.rowOf("kvm1:web", "(running)") > 0, h.text());
        h.press("n");
        assertTrue(h.text().contains("Reset: cancelled"), h.text());
        assertFalse(h.text().contains("Reset this VM?"));
        h.press("X");
        h.press(key(KeyType.Escape));
        assertTrue(d.calls.isEmpty(), "nothing reset: " + d.calls);
        h.press("X");
        h.press("y");
        h.awaitText("reset: 1 ok");
        assertEquals(List.of("reset web"), d.calls);
        assertEquals(List.of("virtdeck -i inv.yaml reset kvm1:web => 1 ok"), logLines());
    }

    @Test
    void dDiskDialogValidatesTheSizeBeforeSendingAndOffersTheScopes() {
        RecordingDriver d = new RecordingDriver("kvm1", "web");
        d.start("web");
        h = new TuiHarness().host("kvm1", null, d).start(160, 30);
        h.press("d");
        assertTrue(h.text().contains("Add disk"), h.text());
        assertTrue(h.text().contains("VMs: kvm1:web"), h.text());
        assertTrue(h.text().contains("Applies: live now and at next boot   (tab: change)"), h.text());
        h.press("abc");
        h.press(key(KeyType.Enter));
        assertTrue(h.text().contains("! invalid size 'abc'"), h.text());
        h.press(ctrl('u'));
        h.press("0");
        h.press(key(KeyType.Enter));
        assertTrue(h.text().contains("! invalid size '0': must be more than 0"), h.text());
        h.press(key(KeyType.Backspace));
        h.press("1.5K");
        h.press(key(KeyType.Enter));
        assertTrue(h.text().contains("not a whole number of MiB"), h.text());
        assertTrue(d.calls.isEmpty(), "nothing sent while invalid: " + d.calls);
        h.press(key(KeyType.Tab));
        assertTrue(h.text().contains("Applies: live now only (lost at shutdown)"), h.text());
        h.press(key(KeyType.Tab));
        assertTrue(h.text().contains("Applies: at next boot only (configuration)"), h.text());
        h.press(key(KeyType.Tab));
        assertTrue(h.text().contains("Applies: live now and at next boot"), "tab cycles back: " + h.text());
        h.press(ctrl('u'));
        h.press("1G");
        h.press(key(KeyType.Enter));
        h.awaitText("attach-disk: 1 ok");
        assertEquals(List.of("disk web 1024 " + Scope.of(true, true)), d.calls);
        assertEquals(List.of("virtdeck -i inv.yaml attach-disk kvm1:web --size 1024M --live --config => 1 ok"), logLines());
    }

    @Test
    void iShowsTheSelectedVmsHostInfo() {
        h = TuiHarness.twoHosts().start(160, 40);
        h.press("jj"); // kvm2:web
        h.press("i");
        h.awaitText("Host kvm2");
        String t = h.text();
        assertTrue(t.contains("reachable: true"), t);
        assertTrue(t.contains("drivers: libvirt (fake)"), t);
        assertTrue(t.contains("[libvirt] kvm2.example  QEMU 7.2.0  libvirt 9.0.0"), t);
        assertTrue(t.contains("cpus 2  memory 4096 MiB (free 1024 MiB)  max vcpus 16  guests 2"), t);
        assertTrue(t.contains("capabilities: "), t);
        // host-check's verdicts, from one survey over the host's SSH: this fake host fails it, and says so
        assertTrue(t.contains("readiness (virtdeck host-check kvm2; --probe proves KVM by booting a guest):"), t);
        assertTrue(t.contains("  not checked: `sh -c '<virtdeck host survey script>'` exited 1"), t);
        assertFalse(t.contains("kvm1.example"), "the selected VM's host, not the first");
        h.press(key(KeyType.Escape));
        assertFalse(h.text().contains("Host kvm2"));
    }

    @Test
    void enterShowsTheVmDetailsAskedLive() {
        RecordingDriver d = new RecordingDriver("kvm1", "web", "db");
        h = new TuiHarness().host("kvm1", null, d).start(160, 40);
        h.press("j");
        h.press(key(KeyType.Enter));
        h.awaitText("VM kvm1:db");
        String t = h.text();
        assertEquals(List.of("details db"), d.calls);
        assertTrue(t.contains("name: db   uuid: uuid-db"), t);
        assertTrue(t.contains("runs on pool member: xcp-b"), "a pool VM says which member runs it: " + t);
        assertTrue(t.contains("state: shutoff (shut off)"), t);
        assertTrue(t.contains("vCPUs: 1 / max 2"), t);
        assertTrue(t.contains("memory: 200 MiB / max 256 MiB"), "live value, not the listed 192: " + t);
        assertTrue(t.contains("CPU time: 4.5s"), t);
        assertTrue(t.contains("capabilities: list, details, start"), t);
        h.press(key(KeyType.Escape));
        assertFalse(h.text().contains("VM kvm1:db"));
    }

    @Test
    void nOpensTheCommandLinePrefilledWithCreateOnTheSelectedHost() {
        h = TuiHarness.twoHosts().start(160, 30);
        h.press("jj"); // a kvm2 row
        h.press("n");
        String t = h.text();
        assertTrue(t.contains("create kvm2 NAME --vcpus 1 --memory 512M --kernel PATH --initrd PATH"), t);
        assertTrue(h.commandsRun.isEmpty(), "nothing runs before enter");
        h.press(key(KeyType.Escape));
        assertFalse(h.text().contains("create kvm2 NAME"), "esc cancels");
        h.press("n");
        h.press(ctrl('u'));
        h.press("create kvm2 new1 --vcpus 2 --memory 1G");
        h.press(key(KeyType.Enter));
        h.awaitText("ok from the CLI");
        assertEquals(List.of("create", "kvm2", "new1", "--vcpus", "2", "--memory", "1G"), h.commandsRun.get(0));
    }

    @Test
    void capitalRRefreshesEveryHostNow() {
        FakeDriver d1 = new FakeDriver("kvm1", "web");
        FakeDriver d2 = new FakeDriver("kvm2", "db");
        h = new TuiHarness().host("kvm1", null, d1).host("kvm2", null, d2).start(); // refresh interval: 1 h
        d1.start("web");
        d2.start("db");
        h.pump();
        assertTrue(h.rowOf("kvm1", "web", "shutoff") > 0, "nothing refreshes by itself in this harness");
        h.press("R");
        assertTrue(h.text().contains("refreshing every host"), h.text());
        h.await(() -> h.rowOf("kvm1", "web", "running") > 0 && h.rowOf("kvm2", "db", "running") > 0,
                "both hosts listed again");
    }

    @Test
    void lShowsTheOperationLogAsReplayableCliLines() {
        h = TuiHarness.twoHosts().start(160, 30);
        h.press("l");
        assertTrue(h.text().contains("Operation log"), h.text());
        assertTrue(h.text().contains("(nothing done yet)"), h.text());
        h.press("l");
        assertNull(h.app.overlay, "l closes it again");
        h.press("s");
        h.awaitText("start: 1 ok");
        h.press("j");
        h.press("F");
        h.press("n");
        h.press("l");
        int row = h.rowOf("virtdeck -i inv.yaml start kvm1:web  # 1 ok");
        assertTrue(row > 0, h.text());
        assertTrue(h.rowOf("kvm1:web: ok: started") > row, "the per-VM outcome under its line:\n" + h.text());
        assertEquals(-1, h.rowOf("poweroff"), "a cancelled action is not logged");
        h.press(key(KeyType.Escape));
        assertNull(h.app.overlay);
    }
}
