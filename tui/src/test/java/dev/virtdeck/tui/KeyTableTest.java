package dev.virtdeck.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.request.Lifecycle;
import dev.virtdeck.request.Shutdown;
import dev.virtdeck.request.VmRequest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyTableTest {

    @Test
    void everyActionHasOneBindingAndTheIssueKeys() {
        KeyTable t = KeyTable.defaults();
        Set<ActionId> seen = EnumSet.noneOf(ActionId.class);
        for (KeyBinding b : t.bindings()) assertTrue(seen.add(b.action()), "once: " + b.action());
        assertEquals(EnumSet.allOf(ActionId.class), seen);
        Map<String, ActionId> issue = Map.ofEntries(Map.entry("j", ActionId.DOWN), Map.entry("k", ActionId.UP),
                Map.entry("/", ActionId.FILTER), Map.entry(":", ActionId.COMMAND), Map.entry("space", ActionId.MARK),
                Map.entry("ctrl-a", ActionId.MARK_ALL), Map.entry("s", ActionId.START), Map.entry("S", ActionId.SHUTDOWN),
                Map.entry("F", ActionId.FORCE_OFF), Map.entry("r", ActionId.REBOOT), Map.entry("p", ActionId.PAUSE),
                Map.entry("c", ActionId.CONSOLE), Map.entry("m", ActionId.MEMORY), Map.entry("v", ActionId.VCPUS),
                Map.entry("d", ActionId.DISK), Map.entry("n", ActionId.NEW_VM), Map.entry("X", ActionId.RESET),
                Map.entry("i", ActionId.HOST_INFO), Map.entry("l", ActionId.LOG), Map.entry("R", ActionId.REFRESH),
                Map.entry("?", ActionId.HELP), Map.entry("q", ActionId.QUIT), Map.entry("up", ActionId.UP),
                Map.entry("down", ActionId.DOWN));
        issue.forEach((k, a) -> assertEquals(a, t.find(KeySpec.parse(k).stroke()).orElseThrow().action(), k));
    }

    @Test
    void destructiveActionsAreDangerousAndNeedTheirOperation() {
        KeyTable t = KeyTable.defaults();
        for (KeyBinding b : t.bindings()) {
            boolean expected = Set.of(ActionId.FORCE_OFF, ActionId.REBOOT, ActionId.RESET).contains(b.action());
            assertEquals(expected, b.dangerous(), b.action().toString());
        }
        assertEquals(Operation.POWEROFF, t.binding(ActionId.FORCE_OFF).needs());
        assertEquals(Operation.CONSOLE, t.binding(ActionId.CONSOLE).needs());
    }

    private static VmInfo vm(VmState state) {
        return new VmInfo("kvm1", "libvirt", "web", null, state, null, 1, 2, 128L, 256L, true, null);
    }

    private static VmRequest request(KeyTable t, ActionId a, VmInfo vm, TuiConfig config) {
        return ((VmAction.Send) t.binding(a).does()).request().of(vm, config);
    }

    @Test
    void verbEntriesCarryTheRequestOfTheOperationTheyNeed() {
        KeyTable t = KeyTable.defaults();
        TuiConfig config = new TuiConfig(t, Theme.defaults(), 0x1d, "ctrl-]", Duration.ofSeconds(5), Duration.ofSeconds(42));
        VmInfo running = vm(VmState.RUNNING);
        for (KeyBinding b : t.bindings()) {
            if (b.does() instanceof VmAction.Send) {
                assertEquals(b.needs(), request(t, b.action(), running, config).operation(), b.action().toString());
            } else if (b.does() instanceof VmAction.Ask ask) {
                assertEquals(b.needs(), ask.dialog().op(), b.action().toString());
            }
        }
        assertEquals(Lifecycle.START, request(t, ActionId.START, running, config));
        assertEquals(Lifecycle.POWEROFF, request(t, ActionId.FORCE_OFF, running, config));
        assertEquals(Lifecycle.RESUME, request(t, ActionId.PAUSE, vm(VmState.PAUSED), config), "p resumes a paused VM");
        assertEquals(Shutdown.waiting(Duration.ofSeconds(42)), request(t, ActionId.SHUTDOWN, running, config),
                "the configured timeout");
        assertEquals(ActionId.FORCE_OFF, ((VmAction.Send) t.binding(ActionId.SHUTDOWN).does()).fallback());
        assertSame(ValueDialog.DISK, ((VmAction.Ask) t.binding(ActionId.DISK).does()).dialog());
        Set<ActionId> verbs = EnumSet.of(ActionId.START, ActionId.SHUTDOWN, ActionId.FORCE_OFF, ActionId.REBOOT,
                ActionId.PAUSE, ActionId.RESET, ActionId.MEMORY, ActionId.VCPUS, ActionId.DISK);
        for (KeyBinding b : t.bindings()) assertEquals(verbs.contains(b.action()), b.does() != null, b.action().toString());
        KeyTable moved = t.withOverrides(Map.of(ActionId.START, List.of(KeySpec.parse("T"))));
        assertSame(t.binding(ActionId.START).does(), moved.binding(ActionId.START).does(), "new keys, same action");
    }

    @Test
    void keysMatchCaseAndCtrlExactly() {
        KeyTable t = KeyTable.defaults();
        assertEquals(ActionId.START, t.find(new KeyStroke('s', false, false)).orElseThrow().action());
        assertEquals(ActionId.SHUTDOWN, t.find(new KeyStroke('S', false, false)).orElseThrow().action());
        assertEquals(ActionId.MARK_ALL, t.find(new KeyStroke('a', true, false)).orElseThrow().action());
        assertTrue(t.find(new KeyStroke('a', false, false)).isEmpty());
        assertEquals(ActionId.PAGE_DOWN, t.find(new KeyStroke(KeyType.PageDown)).orElseThrow().action());
    }

    @Test
    void overridesChangeKeysAndHintsAndConflictsAreRefused() {
        KeyTable t = KeyTable.defaults().withOverrides(Map.of(ActionId.FORCE_OFF, List.of(KeySpec.parse("K"))));
        assertTrue(t.hints().contains("<K> force off"), t.hints().toString());
        assertTrue(t.find(KeySpec.of('F').stroke()).isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeyTable.defaults().withOverrides(Map.of(ActionId.START, List.of(KeySpec.parse("q")))));
        assertEquals("key 'q' is bound to both start and quit", e.getMessage());
    }

    @Test
    void keySpecParsesAndLabels() {
        assertEquals("ctrl-a", KeySpec.parse("ctrl-a").label());
        assertEquals("space", KeySpec.parse("space").label());
        assertEquals("pgdn", KeySpec.parse("PgDn").label());
        assertThrows(IllegalArgumentException.class, () -> KeySpec.parse("hyper-x"));
    }
}
