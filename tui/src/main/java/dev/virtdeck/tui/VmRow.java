package dev.virtdeck.tui;

import dev.virtdeck.driver.VmInfo;

/**
 * One row of the VM table.
 *
 * @param vm    the VM as last listed
 * @param stale its host failed the latest refresh: the row is its last-known state
 */
public record VmRow(VmInfo vm, boolean stale) {

    /** @return {@code HOST:VM}, the row's identity (marks, selection) */
    public String key() {
        return vm.host() + ":" + vm.name();
    }
}
