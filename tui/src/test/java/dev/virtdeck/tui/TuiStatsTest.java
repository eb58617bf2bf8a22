package dev.virtdeck.tui;

import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.FakeDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The usage columns, sorting by any column, and the host pane's overcommit view. */
class TuiStatsTest {
    private TuiHarness h;

    @AfterEach
    void close() {
        if (h != null) h.close();
    }

    /**
     * Running VMs whose CPU time grows by {@code cpuSteps[i]} seconds at every list, on a host
     * with {@code cpus} CPUs and 1 GiB: the VMs' CPU % order is fixed whatever the wall time.
     */
    static final class BusyDriver extends FakeDriver {
        final AtomicInteger lists = new AtomicInteger();
        final AtomicInteger hostInfos = new AtomicInteger();
        private final Map<String, Integer> steps;
        private final int cpus;

        BusyDriver(String host, int cpus, Map<String, Integer> cpuSteps) {
            super(host, cpuSteps.keySet().toArray(String[]::new));
            this.steps = cpuSteps;
            this.cpus = cpus;
            for (String vm : cpuSteps.keySet()) start(vm);
        }

        @Override
        public synchronized List<VmInfo> list() {
            int n = lists.incrementAndGet();
            List<VmInfo> out = new ArrayList<>();
            for (VmInfo v : super.list()) {
                long step = steps.get(v.name());
                out.add(new VmInfo(v.host(), v.driver(), v.name(), v.uuid(), v.state(), v.nativeState(), v.vcpus(),
                        v.maxVcpus(), v.memoryMiB(), v.maxMemoryMiB(), v.persistent(), n * step * 1_000_000_000L, null,
                        new VmInfo.Usage(null, 30 * 1024L, n * step * 1024 * 1024, 0L, 0L, 0L)));
            }
            return out;
        }

        @Override
        public HostInfo hostInfo() {
            hostInfos.incrementAndGet();
            return new HostInfo(host(), "libvirt", "fake", host(), false, false, true, List.of(), List.of(), "QEMU",
                    "7", "9", cpus, 1024L, 512L, 16, 0, Map.of());
        }
    }

    private List<String> namesInTableOrder() {
        List<String> out = new ArrayList<>();
        int header = h.rowOf("HOST", "NAME", "STATE");
        for (String line : h.lines().subList(header + 1, h.lines().size())) {
            String[] cells = line.strip().split("\\s+");
            if (cells.length > 2 && cells[0].startsWith("kvm")) out.add(cells[0] + ":" + cells[1]);
        }
        return out;
    }

    /**
     * kvm1 (4 CPUs): idle, busy; kvm2 (1 CPU): mid, calm. CPU steps far apart, so the two hosts'
     * slightly different intervals between refreshes cannot change the VMs' CPU % order.
     */
    private TuiHarness busyFleet() {
        Map<String, Integer> one = new LinkedHashMap<>();
        one.put("idle", 1);
        one.put("busy", 1000);
        Map<String, Integer> two = new LinkedHashMap<>();
        two.put("mid", 30);
        two.put("calm", 0);
        return new TuiHarness()
                .host("kvm1", "rack", new BusyDriver("kvm1", 4, one))
                .host("kvm2", "rack", new BusyDriver("kvm2", 1, two))
                .start(160, 30);
    }

    @Test
    void usageColumnsFillFromTheSecondRefresh() {
        h = busyFleet();
        int row = h.rowOf("kvm1", "busy");
        assertTrue(h.rowOf("CPU%", "USED", "DISK R/W", "NET RX/TX", "CPU TIME") > 0, h.text());
        assertTrue(h.lines().get(row).contains(" 30M "), "memory in use (RSS): " + h.lines().get(row));
        assertTrue(!h.lines().get(row).contains("%"), "no CPU % from one sample: " + h.lines().get(row));
        h.refresh();
        String calm = h.lines().get(h.rowOf("kvm2", "calm"));
        assertTrue(calm.matches(".* 0\\.0% +30M +0/0 +0/0 .*"), "no CPU time used: 0.0 %, not unknown: " + calm);
        String busy = h.lines().get(h.rowOf("kvm1", "busy"));
        assertTrue(busy.matches(".*\\d[0-9.]*[KMG]?/0 +0/0 .*"), "reads only, no network: " + busy);
    }

    @Test
    void greaterThanMovesTheSortColumnAndIReversesIt() {
        h = busyFleet();
        h.refresh();
        List<String> listing = List.of("kvm1:idle", "kvm1:busy", "kvm2:mid", "kvm2:calm");
        assertEquals(listing, namesInTableOrder(), "the listing's order first");
        h.press(">"); // HOST
        h.press(">"); // NAME, ascending
        assertEquals(List.of("kvm1:busy", "kvm2:calm", "kvm1:idle", "kvm2:mid"), namesInTableOrder(), h.text());
        assertTrue(h.rowOf("NAME^") > 0, "the sorted column is marked: " + h.text());
        assertTrue(h.text().contains("sorted by NAME asc"), h.text());
        h.press("I");
        assertEquals(List.of("kvm2:mid", "kvm1:idle", "kvm2:calm", "kvm1:busy"), namesInTableOrder());
        assertTrue(h.rowOf("NAMEv") > 0, h.text());
        h.press(">>>>"); // STATE, VCPU, MEMORY, CPU% (figures: busiest first)
        assertTrue(h.rowOf("CPU%v") > 0, h.text());
        assertEquals(List.of("kvm1:busy", "kvm2:mid", "kvm1:idle", "kvm2:calm"), namesInTableOrder(), h.text());
        h.press("<<<<<<"); // back to the listing's order
        assertEquals(listing, namesInTableOrder());
        assertTrue(h.text().contains("sorted by listing "), h.text());
        h.press("I");
        assertEquals(List.of("kvm2:calm", "kvm2:mid", "kvm1:busy", "kvm1:idle"), namesInTableOrder());
    }

    @Test
    void sortKeepsTheSelectedVmSelected() {
        h = busyFleet();
        h.refresh();
        h.press("j"); // second row of the listing
        String selected = h.app.selectedRow().orElseThrow().key();
        h.press(">>");
        assertEquals(selected, h.app.selectedRow().orElseThrow().key());
    }

    @Test
    void sortKeyIsInTheHintBar() {
        h = busyFleet();
        String bottom = h.lines().get(h.lines().size() - 1) + h.lines().get(h.lines().size() - 2);
        assertTrue(bottom.contains("<>>sort"), bottom);
    }

    @Test
    void hostPaneShowsAllocatedAgainstTheHostsTotalsAndMarksOvercommit() {
        h = busyFleet();
        h.refresh();
        h.refresh();
        int kvm1 = h.rowOf("kvm1", "up");
        int kvm2 = h.rowOf("kvm2", "up");
        assertTrue(h.lines().get(kvm1).contains("2 active  vCPU 2/4  mem 384M/1.0G"), h.lines().get(kvm1));
        assertTrue(h.lines().get(kvm2).contains("2 active  vCPU 2/1!  mem 384M/1.0G"), h.lines().get(kvm2));
        for (String host : List.of("kvm1", "kvm2")) {
            assertEquals(1, ((BusyDriver) h.drivers.get(host)).hostInfos.get(), "totals read once per connection");
        }
    }
}
