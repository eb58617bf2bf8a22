package dev.virtdeck.tui;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The TUI passes on the VM names its refreshes listed: reachable, fresh hosts only, and only when they changed. */
class ListedVmNamesTest {
    static HostView host(String name, boolean reachable, boolean stale) {
        return new HostView(name, List.of(), reachable, null, null, null, null, List.of(), null, false, stale, null, null);
    }

    static VmRow row(String host, String vm, boolean stale) {
        return new VmRow(new VmInfo(host, "libvirt", vm, null, VmState.RUNNING, null, 1, 1, 128L, 128L, true, null),
                stale, null);
    }

    @Test
    void passesOnListedHostsWhenTheirNamesChange() {
        List<Map<String, List<String>>> passed = new ArrayList<>();
        ListedVmNames names = new ListedVmNames(passed::add);
        Snapshot first = new Snapshot(List.of(host("kvm1", true, false), host("kvm2", false, true), host("kvm3", true, false)),
                List.of(row("kvm1", "web", false), row("kvm2", "db", true)), Map.of(), 1);
        names.accept(first);
        assertEquals(List.of(Map.of("kvm1", List.of("web"), "kvm3", List.of())), passed,
                "kvm2 is down (its rows stale): not passed on; kvm3 has no VM: passed on empty");
        names.accept(new Snapshot(first.hosts(), first.rows(), Map.of(), 2));
        assertEquals(1, passed.size(), "nothing changed: nothing written");
        names.accept(new Snapshot(first.hosts(), List.of(row("kvm1", "web", false), row("kvm1", "new", false)), Map.of(), 3));
        assertEquals(Map.of("kvm1", List.of("web", "new")), passed.get(1), "only the host that changed");
    }
}
