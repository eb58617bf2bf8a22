package dev.virtdeck.fleet;

import dev.virtdeck.driver.VmInfo;

import java.util.List;

/**
 * VMs of a set of hosts, with each host's status (hosts in the order asked, VMs host by host in
 * the order the drivers returned them).
 */
public record Listing(List<HostStatus> hosts, List<VmInfo> vms) {
    public Listing {
        hosts = List.copyOf(hosts);
        vms = List.copyOf(vms);
    }

    /** @return true when every host was listed */
    public boolean allHostsOk() {
        return hosts.stream().allMatch(HostStatus::ok);
    }
}
