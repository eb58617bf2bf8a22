package dev.virtdeck.fleet;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wave and max-fail engine over fake hosts: kvm1 and kvm2, VMs a..e on each. */
class RolloutTest {
    private static final List<String> HOSTS = List.of("kvm1", "kvm2");
    private final Map<String, FakeDriver> drivers = new ConcurrentHashMap<>();
    private Fleet fleet;

    private Fleet fleet(int parallel) {
        DriverOpener opener = new DriverOpener() {
            @Override public boolean implemented(String kind) { return kind.equals("libvirt"); }
            @Override public List<DriverKind> kinds() { return List.of(FakeDriver.LIBVIRT); }
            @Override public String transport(HypervisorDriver driver) { return "fake"; }

            @Override
            public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
                return drivers.computeIfAbsent(host.name(), n -> new FakeDriver(n, "a", "b", "c", "d", "e"));
            }
        };
        fleet = new Fleet(new FleetOptions(parallel, false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                t -> new FakeSsh(t.name(), "/usr/bin/virsh\n"), opener, Trace.NONE);
        fleet.connect(List.of(FleetTest.host("kvm1", "libvirt"), FleetTest.host("kvm2", "libvirt")));
        return fleet;
    }

    @AfterEach
    void close() {
        if (fleet != null) fleet.close();
    }

    private static List<Target> targets(String... labels) {
        List<Target> out = new ArrayList<>();
        for (String l : labels) out.add(new Target(l.split(":")[0], l.split(":")[1], "libvirt"));
        return out;
    }

    private static List<String> labels(List<Target> targets) {
        return targets.stream().map(Target::label).toList();
    }

    /** Records every listener call as text, in the order they came. */
    private static final class Recorder implements RolloutListener {
        final List<String> events = new ArrayList<>();

        @Override public void begin(int targets, int waves) { events.add("begin " + targets + " " + waves); }
        @Override public void waveStarted(int wave) { events.add("wave " + wave); }
        @Override public void targetStarted(Target t, int wave) { events.add("start " + t.label() + " " + wave); }
        @Override public void targetFinished(RolloutResult r) {
            events.add("end " + r.target().label() + " " + r.wave() + " " + r.outcome().label());
        }
    }

    @Test
    void wavesRunOneAfterAnotherAndTheTargetsOfAWaveTogether() {
        Fleet f = fleet(8);
        // both targets of wave 1 wait for each other: only a parallel wave gets past this
        CountDownLatch bothStarted = new CountDownLatch(2);
        TargetAction action = (d, vm) -> {
            if (d.host().equals("kvm1")) {
                bothStarted.countDown();
                try {
                    assertTrue(bothStarted.await(10, TimeUnit.SECONDS), "wave 1 is not run in parallel");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return d.start(vm);
        };
        Recorder rec = new Recorder();
        Rollout.Report r = new Rollout(f, new RolloutPolicy(new Limit.Count(2), null, RolloutPolicy.Order.HOST), HOSTS)
                .run(targets("kvm2:a", "kvm1:a", "kvm2:b", "kvm1:b", "kvm2:c"), action, rec);

        assertEquals(3, r.waves());
        assertFalse(r.halted());
        assertEquals(List.of("kvm1:a", "kvm1:b", "kvm2:a", "kvm2:b", "kvm2:c"),
                r.results().stream().map(x -> x.target().label()).toList(), "host order, inventory first");
        assertEquals(List.of(1, 1, 2, 2, 3), r.results().stream().map(RolloutResult::wave).toList());
        assertTrue(r.results().stream().allMatch(x -> x.outcome().ok()), r.toString());
        // every target of wave N finished before the first target of wave N+1 started
        for (int w = 1; w < 3; w++) {
            int lastEnd = -1;
            int firstNextStart = Integer.MAX_VALUE;
            for (int i = 0; i < rec.events.size(); i++) {
                String e = rec.events.get(i);
                if (e.startsWith("end ") && e.split(" ")[2].equals(Integer.toString(w))) lastEnd = i;
                if (e.startsWith("start ") && e.endsWith(" " + (w + 1))) firstNextStart = Math.min(firstNextStart, i);
            }
            assertTrue(lastEnd >= 0 && lastEnd < firstNextStart, "wave " + w + " overlaps the next: " + rec.events);
        }
        assertEquals("begin 5 3", rec.events.get(0));
        assertEquals(VmState.RUNNING, drivers.get("kvm2").state("c"));
        for (RolloutResult x : r.results()) assertFalse(x.finished().isBefore(x.started()), x.toString());
    }

    @Test
    void percentagesRoundUpAndNeverGiveAnEmptyWave() {
        List<Target> five = targets("kvm1:a", "kvm1:b", "kvm1:c", "kvm1:d", "kvm1:e");
        assertEquals(List.of(2, 2, 1), sizes(five, new Limit.Percent(30)), "30% of 5 = 1.5, rounded up to 2");
        assertEquals(List.of(1, 1, 1, 1, 1), sizes(five, new Limit.Percent(1)), "1% of 5 rounds up to 1");
        assertEquals(List.of(3, 2), sizes(five, new Limit.Percent(50)));
        assertEquals(List.of(5), sizes(five, new Limit.Percent(100)));
        assertEquals(List.of(5), sizes(five, null), "no --serial: one wave");
        assertEquals(List.of(5), sizes(five, new Limit.Count(9)));
        assertEquals(List.of(), sizes(List.of(), new Limit.Count(2)));

        assertFalse(new Limit.Percent(10).exceededBy(2, 20), "2 of 20 is 10%, not more");
        assertTrue(new Limit.Percent(10).exceededBy(3, 20));
        assertTrue(new Limit.Percent(0).exceededBy(1, 1000));
        assertFalse(new Limit.Count(1).exceededBy(1, 5));
        assertTrue(new Limit.Count(1).exceededBy(2, 5));
    }

    private static List<Integer> sizes(List<Target> targets, Limit serial) {
        return Rollout.waves(targets, new RolloutPolicy(serial, null, RolloutPolicy.Order.HOST)).stream()
                .map(List::size).toList();
    }

    @Test
    void limitsParseAndRefuseBadValues() {
        assertEquals(new Limit.Count(3), Limit.parse("3"));
        assertEquals(new Limit.Percent(25), Limit.parse("25%"));
        assertEquals("25%", Limit.parse("25%").text());
        for (String bad : List.of("", "%", "-1", "1.5", "x", "101%", "3 %", "10000000000")) {
            assertThrows(IllegalArgumentException.class, () -> Limit.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new RolloutPolicy(new Limit.Count(0), null, RolloutPolicy.Order.HOST));
        assertThrows(IllegalArgumentException.class, () -> new RolloutPolicy(new Limit.Percent(0), null, RolloutPolicy.Order.HOST));
    }

    @Test
    void maxFailStopsTheRunAndReportsTheRestNotAttempted() {
        Fleet f = fleet(4);
        Recorder rec = new Recorder();
        // x and y are not on kvm1: they fail with "domain not found"
        Rollout.Report r = new Rollout(f, new RolloutPolicy(new Limit.Count(1), new Limit.Count(1), RolloutPolicy.Order.HOST),
                HOSTS).run(targets("kvm1:x", "kvm1:a", "kvm1:y", "kvm1:b", "kvm2:a"), (d, vm) -> d.start(vm), rec);

        assertTrue(r.halted());
        assertEquals("--max-fail 1 exceeded (2 of 5 failed)", r.halt());
        assertEquals(List.of("failed", "ok", "failed", "not-attempted", "not-attempted"),
                r.results().stream().map(x -> x.outcome().label()).toList());
        RolloutResult na = r.results().get(3);
        assertEquals("not attempted: --max-fail 1 exceeded (2 of 5 failed)", na.outcome().message());
        assertNull(na.outcome().command());
        assertNull(na.started());
        assertEquals(4, na.wave());
        assertEquals(VmState.SHUTOFF, drivers.get("kvm1").state("b"), "a target not attempted is left alone");
        assertEquals(VmState.SHUTOFF, drivers.get("kvm2").state("a"));
        assertEquals(VmState.RUNNING, drivers.get("kvm1").state("a"));
        // no wave after the stop is even started
        assertFalse(rec.events.contains("wave 4"), rec.events.toString());
        assertEquals(List.of("end kvm1:b 4 not-attempted", "end kvm1:b 4 not-attempted".replace("kvm1:b 4", "kvm2:a 5")),
                rec.events.subList(rec.events.size() - 2, rec.events.size()), "not attempted reported last");
    }

    @Test
    void maxFailIsCheckedBeforeEachTargetInsideAWave() {
        Fleet f = fleet(1); // one worker: the targets of the single wave start one by one
        Rollout.Report r = new Rollout(f, new RolloutPolicy(null, new Limit.Count(0), RolloutPolicy.Order.HOST), HOSTS)
                .run(targets("kvm1:a", "kvm1:x", "kvm1:b", "kvm1:c"), (d, vm) -> d.start(vm), RolloutListener.NONE);
        assertEquals(1, r.waves());
        assertEquals(List.of("ok", "failed", "not-attempted", "not-attempted"),
                r.results().stream().map(x -> x.outcome().label()).toList());
        assertEquals(VmState.SHUTOFF, drivers.get("kvm1").state("b"));
        assertEquals(VmState.SHUTOFF, drivers.get("kvm1").state("c"));
    }

    @Test
    void unsupportedCountsAsAFailureAndAPercentLimitIsOfAllTargets() {
        Fleet f = fleet(1);
        TargetAction unsupported = (d, vm) -> {
            throw new NotSupportedException(d.host(), vm, "save", "no managed save");
        };
        // 1 of 4 = 25%: not more than 25%, so the run goes on to the end
        Rollout.Report within = new Rollout(f, new RolloutPolicy(new Limit.Count(1), new Limit.Percent(25),
                RolloutPolicy.Order.HOST), HOSTS).run(targets("kvm1:a", "kvm1:b", "kvm1:c", "kvm1:d"),
                (d, vm) -> vm.equals("a") ? unsupported.apply(d, vm) : d.start(vm), RolloutListener.NONE);
        assertFalse(within.halted(), within.toString());
        assertEquals("unsupported", within.results().get(0).outcome().label());

        Rollout.Report over = new Rollout(f, new RolloutPolicy(new Limit.Count(1), new Limit.Percent(24),
                RolloutPolicy.Order.HOST), HOSTS).run(targets("kvm2:a", "kvm2:b", "kvm2:c", "kvm2:d"),
                (d, vm) -> vm.equals("a") ? unsupported.apply(d, vm) : d.start(vm), RolloutListener.NONE);
        assertTrue(over.halted());
        assertEquals("--max-fail 24% exceeded (1 of 4 failed)", over.halt());
        assertEquals(3, over.results().stream().filter(x -> x.outcome() instanceof Outcome.NotAttempted).count());
    }

    @Test
    void orderHostGroupsByInventoryHostAndOrderVmSortsNamesNaturally() {
        List<Target> mixed = targets("kvm2:web-10", "kvm1:web-2", "kvm2:web-2", "kvm1:db", "kvm9:web-1", "kvm1:web-10");
        assertEquals(List.of("kvm2:web-10", "kvm2:web-2", "kvm1:web-2", "kvm1:db", "kvm1:web-10", "kvm9:web-1"),
                labels(Rollout.order(mixed, RolloutPolicy.Order.HOST, List.of("kvm2", "kvm1"))),
                "host by host in inventory order, each host's targets in their given order, unknown hosts last");
        assertEquals(List.of("kvm1:db", "kvm9:web-1", "kvm2:web-2", "kvm1:web-2", "kvm2:web-10", "kvm1:web-10"),
                labels(Rollout.order(mixed, RolloutPolicy.Order.VM, List.of("kvm2", "kvm1", "kvm9"))),
                "by VM name, numbers by value, ties by host in inventory order");
        NaturalOrder n = NaturalOrder.INSTANCE;
        assertTrue(n.compare("a9", "a10") < 0);
        assertTrue(n.compare("a010", "a9") > 0);
        assertTrue(n.compare("a01", "a1") != 0, "leading zeros still give a total order");
        assertTrue(n.compare("web", "web-1") < 0);
    }

    @Test
    void theListenerHearsEachTargetOnceAsItFinishes() {
        Fleet f = fleet(3);
        Map<String, Integer> finished = new HashMap<>();
        List<String> order = new ArrayList<>();
        RolloutListener l = r -> {
            finished.merge(r.target().label(), 1, Integer::sum);
            order.add(r.target().label());
        };
        Rollout.Report r = new Rollout(f, new RolloutPolicy(new Limit.Count(2), new Limit.Count(0), RolloutPolicy.Order.VM),
                HOSTS).run(targets("kvm1:a", "kvm2:a", "kvm1:zz", "kvm1:b", "kvm2:b"), (d, vm) -> d.start(vm), l);
        assertEquals(Map.of("kvm1:a", 1, "kvm2:a", 1, "kvm1:b", 1, "kvm2:b", 1, "kvm1:zz", 1), finished);
        // waves by VM name: [kvm1:a kvm2:a] [kvm1:b kvm2:b] [kvm1:zz]; zz fails in the last wave
        assertFalse(r.halted() && r.results().stream().anyMatch(x -> x.outcome() instanceof Outcome.NotAttempted));
        assertEquals("kvm1:zz", order.get(4));
        assertInstanceOf(Outcome.Failed.class, r.results().get(4).outcome());
    }

    @Test
    void aFailureOnAnUnreachableHostCountsToo() {
        Fleet f = fleet(2);
        Rollout.Report r = new Rollout(f, new RolloutPolicy(new Limit.Count(1), new Limit.Count(0), RolloutPolicy.Order.HOST),
                List.of("down1", "kvm1")).run(targets("kvm1:a", "down1:*"), (d, vm) -> d.start(vm), RolloutListener.NONE);
        assertEquals(List.of("failed", "not-attempted"), r.results().stream().map(x -> x.outcome().label()).toList());
        assertEquals("host was not connected", r.results().get(0).outcome().message());
        assertEquals(VmState.SHUTOFF, drivers.get("kvm1").state("a"));
    }
}
