package dev.virtdeck.fleet;

import dev.virtdeck.driver.PoolMember;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PoolVmsTest {
    private static final Optional<PoolMember> A = Optional.of(new PoolMember("pool-1", "xcp-a"));
    private static final Optional<PoolMember> B = Optional.of(new PoolMember("pool-1", "xcp-b"));

    private static VmInfo vm(String host, String name, String uuid, String residentOn) {
        return new VmInfo(host, "xapi", name, uuid, residentOn == null ? VmState.SHUTOFF : VmState.RUNNING, null,
                1, 1, 256L, 256L, true, null, residentOn);
    }

    private static List<String> keys(List<VmInfo> vms) {
        return vms.stream().map(v -> v.host() + ":" + v.name()).toList();
    }

    @Test
    void twoMembersOfOnePoolListEachVmOnceUnderTheMemberItRunsOn() {
        List<VmInfo> vms = PoolVms.once(List.of(
                new PoolVms.HostVms("inv-a", A, List.of(vm("inv-a", "off", "u1", null), vm("inv-a", "on-a", "u2", "xcp-a"),
                        vm("inv-a", "on-b", "u3", "xcp-b"))),
                new PoolVms.HostVms("inv-b", B, List.of(vm("inv-b", "off", "u1", null), vm("inv-b", "on-a", "u2", "xcp-a"),
                        vm("inv-b", "on-b", "u3", "xcp-b")))));
        assertEquals(List.of("inv-a:off", "inv-a:on-a", "inv-b:on-b"), keys(vms));
    }

    @Test
    void aMemberAloneAnswersForThePoolAndStandaloneHostsAreLeftAlone() {
        VmInfo kvm = new VmInfo("kvm1", "libvirt", "web", "u2", VmState.RUNNING, null, 1, 1, 256L, 256L, true, null);
        List<VmInfo> vms = PoolVms.once(List.of(
                new PoolVms.HostVms("kvm1", Optional.empty(), List.of(kvm, kvm)),
                new PoolVms.HostVms("inv-b", B, List.of(vm("inv-b", "on-a", "u2", "xcp-a")))));
        assertEquals(List.of("kvm1:web", "kvm1:web", "inv-b:on-a"), keys(vms), "same uuid outside the pool is another VM");
    }

    @Test
    void twoPoolsWithTheSameUuidAreTwoVms() {
        Optional<PoolMember> other = Optional.of(new PoolMember("pool-2", "xcp-z"));
        List<VmInfo> vms = PoolVms.once(List.of(
                new PoolVms.HostVms("inv-a", A, List.of(vm("inv-a", "copy", "u9", null))),
                new PoolVms.HostVms("inv-z", other, List.of(vm("inv-z", "copy", "u9", null)))));
        assertEquals(List.of("inv-a:copy", "inv-z:copy"), keys(vms));
    }
}
