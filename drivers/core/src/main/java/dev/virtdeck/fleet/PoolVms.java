package dev.virtdeck.fleet;

import dev.virtdeck.driver.PoolMember;
import dev.virtdeck.driver.VmInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists each VM of a pool once when several inventory hosts are members of it (every XAPI member
 * answers for the whole pool). A pool VM stays under the inventory host that is the member it runs
 * on, so its console (reached in that member's dom0) and the host column agree; a halted VM, or one
 * on a member outside the inventory, stays under the first member listed.
 */
public final class PoolVms {
    private PoolVms() {
    }

    /** One host's listing and its pool membership (empty for a standalone host). */
    public record HostVms(String host, Optional<PoolMember> pool, List<VmInfo> vms) {
        public HostVms {
            vms = List.copyOf(vms);
        }
    }

    /** @return the VMs host by host, in the given order, each pool VM once */
    public static List<VmInfo> once(List<HostVms> hosts) {
        Map<String, Integer> chosen = new HashMap<>(); // pool id + uuid -> index of the entry kept in out
        List<VmInfo> out = new ArrayList<>();
        for (HostVms h : hosts) {
            for (VmInfo vm : h.vms()) {
                if (h.pool().isEmpty() || vm.uuid() == null) {
                    out.add(vm);
                    continue;
                }
                String key = h.pool().get().poolId() + "/" + vm.uuid();
                Integer at = chosen.get(key);
                if (at == null) {
                    chosen.put(key, out.size());
                    out.add(vm);
                } else if (Objects.equals(vm.residentOn(), h.pool().get().member())) {
                    out.set(at, vm); // the member it runs on answers for it
                }
            }
        }
        return out;
    }
}
