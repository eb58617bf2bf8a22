package dev.virtdeck.tui;

import dev.virtdeck.driver.Operation;

import java.util.List;

/**
 * One row of the key table.
 *
 * @param keys        the keys that trigger the action (the first one is shown in the hint bar)
 * @param action      what they do
 * @param description short text for the hint bar and help
 * @param dangerous   destructive: asks for confirmation naming every target
 * @param needs       the driver operation the action needs on each target VM, or null
 * @param hint        shown in the hint bar (navigation keys are only in the help)
 * @param does        the request a VM verb sends (or the dialog that builds it); null for the keys
 *                    that only move, view or open something
 */
public record KeyBinding(List<KeySpec> keys, ActionId action, String description, boolean dangerous,
                         Operation needs, boolean hint, VmAction does) {
    public KeyBinding {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) throw new IllegalArgumentException(action + " has no key");
    }

    /** @return this binding with other keys */
    public KeyBinding withKeys(List<KeySpec> newKeys) {
        return new KeyBinding(newKeys, action, description, dangerous, needs, hint, does);
    }

    /** @return the keys joined for display, e.g. {@code j/down} */
    public String keyLabel() {
        return String.join("/", keys.stream().map(KeySpec::label).toList());
    }
}
