package dev.virtdeck.tui;

import com.googlecode.lanterna.input.KeyStroke;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.request.Lifecycle;
import dev.virtdeck.request.Shutdown;
import dev.virtdeck.tui.VmAction.Ask;
import dev.virtdeck.tui.VmAction.Send;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The key table: the single source for dispatch, the hint bar and the help view (k9s's
 * {@code KeyActions}). A VM verb's entry carries the request it sends ({@link VmAction}), so the
 * verb is declared here and in its request type only. Immutable; {@link #withOverrides} applies
 * config.yaml.
 */
public final class KeyTable {
    private final List<KeyBinding> bindings;
    private final Map<ActionId, KeyBinding> byAction = new EnumMap<>(ActionId.class);

    private KeyTable(List<KeyBinding> bindings) {
        this.bindings = List.copyOf(bindings);
        for (KeyBinding b : this.bindings) byAction.put(b.action(), b);
        checkConflicts();
    }

    /** The built-in bindings (docs/keys.md lists them). */
    public static KeyTable defaults() {
        List<KeyBinding> b = new ArrayList<>();
        nav(b, ActionId.UP, "move up", "up", "k");
        nav(b, ActionId.DOWN, "move down", "down", "j");
        nav(b, ActionId.PAGE_UP, "page up", "pgup");
        nav(b, ActionId.PAGE_DOWN, "page down", "pgdn");
        nav(b, ActionId.TOP, "first row", "home", "g");
        nav(b, ActionId.BOTTOM, "last row", "end", "G");
        b.add(bind(ActionId.FILTER, "filter", false, null, true, null, "/"));
        b.add(bind(ActionId.COMMAND, "command", false, null, true, null, ":"));
        b.add(bind(ActionId.MARK, "mark", false, null, true, null, "space"));
        b.add(bind(ActionId.MARK_ALL, "mark all visible (again: none)", false, null, false, null, "ctrl-a"));
        b.add(bind(ActionId.START, "start", false, Operation.START, true, Send.always(Lifecycle.START), "s"));
        b.add(bind(ActionId.SHUTDOWN, "shutdown", false, Operation.SHUTDOWN, true,
                new Send((vm, config) -> Shutdown.waiting(config.shutdownTimeout()), ActionId.FORCE_OFF), "S"));
        b.add(bind(ActionId.FORCE_OFF, "force off", true, Operation.POWEROFF, true, Send.always(Lifecycle.POWEROFF), "F"));
        b.add(bind(ActionId.REBOOT, "reboot", true, Operation.REBOOT, true, Send.always(Lifecycle.REBOOT), "r"));
        b.add(bind(ActionId.PAUSE, "pause/resume", false, Operation.PAUSE, true,
                new Send((vm, config) -> vm.state() == VmState.PAUSED ? Lifecycle.RESUME : Lifecycle.PAUSE, null), "p"));
        b.add(bind(ActionId.CONSOLE, "console", false, Operation.CONSOLE, true, null, "c"));
        b.add(bind(ActionId.MEMORY, "memory", false, Operation.SET_MEMORY, true, new Ask(ValueDialog.MEMORY), "m"));
        b.add(bind(ActionId.VCPUS, "vCPUs", false, Operation.SET_VCPUS, true, new Ask(ValueDialog.VCPUS), "v"));
        b.add(bind(ActionId.DISK, "add disk", false, Operation.ATTACH_DISK, true, new Ask(ValueDialog.DISK), "d"));
        b.add(bind(ActionId.NEW_VM, "new VM (prefilled create)", false, Operation.CREATE, false, null, "n"));
        b.add(bind(ActionId.RESET, "reset", true, Operation.RESET, true, Send.always(Lifecycle.RESET), "X"));
        b.add(bind(ActionId.DETAILS, "VM details", false, Operation.DETAILS, false, null, "enter"));
        b.add(bind(ActionId.HOST_INFO, "host info", false, Operation.HOST_INFO, true, null, "i"));
        b.add(bind(ActionId.SNAPSHOTS, "snapshots", false, Operation.SNAPSHOT, true, null, "t"));
        b.add(bind(ActionId.LOG, "operation log", false, null, true, null, "l"));
        b.add(bind(ActionId.REFRESH, "refresh now", false, null, false, null, "R"));
        b.add(bind(ActionId.SORT_NEXT, "sort", false, null, true, null, ">"));
        b.add(bind(ActionId.SORT_PREV, "sort by the previous column", false, null, false, null, "<"));
        b.add(bind(ActionId.SORT_REVERSE, "reverse the sort", false, null, false, null, "I"));
        b.add(bind(ActionId.HELP, "help", false, null, true, null, "?"));
        b.add(bind(ActionId.QUIT, "quit", false, null, true, null, "q", "ctrl-c"));
        return new KeyTable(b);
    }

    private static void nav(List<KeyBinding> b, ActionId a, String desc, String... keys) {
        b.add(bind(a, desc, false, null, false, null, keys));
    }

    private static KeyBinding bind(ActionId a, String desc, boolean dangerous, Operation needs, boolean hint,
                                   VmAction does, String... keys) {
        List<KeySpec> specs = new ArrayList<>();
        for (String k : keys) specs.add(KeySpec.parse(k));
        return new KeyBinding(specs, a, desc, dangerous, needs, hint, does);
    }

    /**
     * @return this table with the keys of some actions replaced
     * @throws IllegalArgumentException when two actions would share a key
     */
    public KeyTable withOverrides(Map<ActionId, List<KeySpec>> overrides) {
        List<KeyBinding> out = new ArrayList<>();
        for (KeyBinding b : bindings) {
            List<KeySpec> k = overrides.get(b.action());
            out.add(k == null ? b : b.withKeys(k));
        }
        return new KeyTable(out);
    }

    private void checkConflicts() {
        Map<KeySpec, ActionId> seen = new LinkedHashMap<>();
        for (KeyBinding b : bindings) {
            for (KeySpec k : b.keys()) {
                ActionId other = seen.putIfAbsent(k, b.action());
                if (other != null && other != b.action()) {
                    throw new IllegalArgumentException("key '" + k.label() + "' is bound to both "
                            + other.configName() + " and " + b.action().configName());
                }
            }
        }
    }

    /** @return every binding, in table order */
    public List<KeyBinding> bindings() {
        return bindings;
    }

    /** @return the binding of an action */
    public KeyBinding binding(ActionId action) {
        return byAction.get(action);
    }

    /** @return the binding a keystroke triggers, if any */
    public Optional<KeyBinding> find(KeyStroke k) {
        for (KeyBinding b : bindings) {
            for (KeySpec s : b.keys()) if (s.matches(k)) return Optional.of(b);
        }
        return Optional.empty();
    }

    /** @return the hint-bar entries in table order: {@code <key> description}, first key only */
    public List<String> hints() {
        List<String> out = new ArrayList<>();
        for (KeyBinding b : bindings) {
            if (b.hint()) out.add("<" + b.keys().get(0).label() + "> " + b.description());
        }
        return out;
    }
}
