package dev.virtdeck.tui;

import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;

/**
 * One row of the VM table.
 *
 * @param vm    the VM as last listed
 * @param stale its host failed the latest refresh: the row is its last-known state
 * @param rates CPU %, disk and network rates between its host's last two refreshes
 *              ({@link UsageRates#NONE} when unknown, and on a stale row)
 */
public record VmRow(VmInfo vm, boolean stale, UsageRates rates) {

    public VmRow {
        if (rates == null || stale) rates = UsageRates.NONE;
    }

    /** A row without rates. */
    public VmRow(VmInfo vm, boolean stale) {
        this(vm, stale, UsageRates.NONE);
    }

    /** @return {@code HOST:VM}, the row's identity (marks, selection) */
    public String key() {
        return vm.host() + ":" + vm.name();
    }
}
