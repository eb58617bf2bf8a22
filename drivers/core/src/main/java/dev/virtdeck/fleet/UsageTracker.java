package dev.virtdeck.fleet;

import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.UsageRates.Sample;
import dev.virtdeck.driver.VmInfo;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps each VM's last sample between refreshes and turns the next one into rates. A VM is known
 * by host and name; one missing from a refresh of its host is forgotten, so a VM that comes back
 * starts over (no rate on its first sample). Not thread-safe: one refresher calls it.
 */
public final class UsageTracker {
    private final Map<String, Sample> last = new HashMap<>();

    /**
     * Records the VMs of one refresh of their hosts and returns their rates since the previous one.
     *
     * @param hosts   the hosts this refresh listed (their VMs not in {@code vms} are forgotten);
     *                null: every host
     * @param atNanos {@link System#nanoTime()} when the hosts answered
     * @return rates by {@link #key(VmInfo)}, one per VM of {@code vms}
     */
    public Map<String, UsageRates> observe(List<VmInfo> vms, java.util.Collection<String> hosts, long atNanos) {
        Set<String> listed = new HashSet<>();
        for (VmInfo vm : vms) listed.add(key(vm));
        last.entrySet().removeIf(e -> (hosts == null || hosts.contains(e.getValue().vm().host()))
                && !listed.contains(e.getKey()));
        Map<String, UsageRates> out = new HashMap<>();
        for (VmInfo vm : vms) {
            Sample now = new Sample(vm, atNanos);
            out.put(key(vm), UsageRates.between(last.put(key(vm), now), now));
        }
        return out;
    }

    /** @return the key of a VM in {@link #observe}'s answer: {@code host:name} */
    public static String key(VmInfo vm) {
        return vm.host() + ":" + vm.name();
    }
}
