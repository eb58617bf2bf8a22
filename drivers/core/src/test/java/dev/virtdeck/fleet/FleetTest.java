package dev.virtdeck.fleet;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetTest {
    private final Map<String, FakeDriver> drivers = new ConcurrentHashMap<>();
    private final Map<String, FakeSsh> sshs = new ConcurrentHashMap<>();
    private final Map<String, String> probe = new ConcurrentHashMap<>();
    private final List<SshTarget> connected = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Hosts whose sshd refuses connections right now. */
    private final java.util.Set<String> refusing = ConcurrentHashMap.newKeySet();
    private final SettableClock clock = new SettableClock();
    private Fleet fleet;

    /** A clock the test moves by hand. */
    static final class SettableClock extends java.time.Clock {
        private volatile java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    static ResolvedHost host(String name, String... drivers) {
        return new ResolvedHost(name, name + ".example", 22, "root", List.of(Path.of("/k")), Path.of("/kh"), null,
                false, List.of(drivers), LibvirtSettings.DEFAULT);
    }

    private Fleet fleet(int parallel) {
        return fleet(parallel, true);
    }

    private Fleet fleet(int parallel, boolean latency) {
        HostConnector connector = target -> {
            connected.add(target);
            if (target.name().startsWith("down") || refusing.contains(target.name())) {
                throw new HostUnreachableException(target.name(), null, null, "connection refused");
            }
            return sshs.computeIfAbsent(target.name(), n -> new FakeSsh(n, probe.getOrDefault(n, "/usr/bin/virsh\n")));
        };
        DriverOpener opener = new DriverOpener() {
            @Override
            public boolean implemented(String kind) {
                return kind.equals("libvirt");
            }

            @Override
            public List<DriverKind> kinds() {
                return List.of(FakeDriver.LIBVIRT);
            }

            @Override
            public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
                return drivers.computeIfAbsent(host.name(), n -> new FakeDriver(n, "a", "b"));
            }

            @Override
            public String transport(HypervisorDriver driver) {
                return "fake";
            }
        };
        fleet = new Fleet(new FleetOptions(parallel, false, Duration.ofSeconds(1), Duration.ofSeconds(1), latency),
                connector, opener, Trace.NONE, null, clock);
        return fleet;
    }

    @AfterEach
    void close() {
        if (fleet != null) fleet.close();
    }

    @Test
    void listsReachableHostsAndReportsTheUnreachableOne() {
        Listing l = fleet(4).list(List.of(host("kvm1"), host("down1"), host("kvm2", "libvirt")));
        assertEquals(List.of("kvm1", "down1", "kvm2"), l.hosts().stream().map(HostStatus::host).toList());
        HostStatus down = l.hosts().get(1);
        assertFalse(down.ok());
        assertEquals("connection refused", down.error());
        assertNull(down.latencyMs());
        HostStatus up = l.hosts().get(0);
        assertTrue(up.ok());
        assertEquals(List.of("libvirt"), up.drivers());
        assertEquals("fake", up.transport());
        assertTrue(up.latencyMs() >= 0);
        assertEquals(List.of("kvm1:a", "kvm1:b", "kvm2:a", "kvm2:b"),
                l.vms().stream().map(v -> v.host() + ":" + v.name()).toList());
        assertFalse(l.allHostsOk());
        // auto-detect probed kvm1 once; kvm2 names its driver and is not probed
        assertEquals(1, sshs.get("kvm1").commands.stream().filter(c -> c.contains("command -v")).count());
        assertEquals(0, sshs.get("kvm2").commands.stream().filter(c -> c.contains("command -v")).count());
        assertTrue(sshs.get("kvm1").commands.contains("LC_ALL=C true"), "latency ping");
    }

    @Test
    void withoutLatencyAHostIsListedWithNoPing() {
        Listing l = fleet(4, false).list(List.of(host("kvm2", "libvirt")));
        assertTrue(l.hosts().get(0).ok());
        assertNull(l.hosts().get(0).latencyMs());
        assertEquals(2, l.vms().size());
        assertFalse(sshs.get("kvm2").commands.contains("LC_ALL=C true"), "no ping: " + sshs.get("kvm2").commands);
    }

    @Test
    void aReleasingListClosesEachHostOnceItsVmsAreIn() {
        Fleet f = fleet(1);
        Listing l = f.list(List.of(host("kvm1", "libvirt"), host("kvm2", "libvirt")), true);
        assertEquals(4, l.vms().size());
        assertTrue(l.allHostsOk());
        assertTrue(sshs.get("kvm1").closed, "kvm1 released");
        assertTrue(sshs.get("kvm2").closed, "kvm2 released");
        assertTrue(f.drivers("kvm1").isEmpty(), "nothing held for kvm1");
    }

    @Test
    void aHoldingListKeepsTheConnections() {
        Fleet f = fleet(1);
        f.list(List.of(host("kvm1", "libvirt")));
        assertFalse(sshs.get("kvm1").closed);
        assertEquals(1, f.drivers("kvm1").size());
    }

    @Test
    void eachHostIsConnectedOnceEvenWhenAskedTwice() {
        Fleet f = fleet(4);
        f.connect(List.of(host("kvm1"), host("kvm1")));
        f.list(List.of(host("kvm1")));
        assertEquals(1, connected.size());
    }

    private long attempts(String host) {
        return connected.stream().filter(t -> t.name().equals(host)).count();
    }

    @Test
    void aHostDownAtFirstContactIsTriedAgainWithABackoffAndComesBack() {
        Fleet f = fleet(4);
        refusing.add("kvm1");
        List<ResolvedHost> hosts = List.of(host("kvm1"), host("kvm2"));
        Listing l = f.list(hosts);
        assertFalse(l.hosts().get(0).ok());
        assertEquals(Optional.of(Duration.ofSeconds(5)), f.retryIn("kvm1"));
        assertEquals(Optional.empty(), f.retryIn("kvm2"), "a connected host has no back-off");
        f.list(hosts);
        clock.advance(Duration.ofSeconds(4));
        l = f.list(hosts);
        assertEquals(1, attempts("kvm1"), "not tried again before its back-off");
        assertEquals("connection refused", l.hosts().get(0).error(), "the failure is still reported meanwhile");
        assertEquals(1, attempts("kvm2"), "the connected host is not reconnected");
        clock.advance(Duration.ofSeconds(1));
        f.list(hosts);
        assertEquals(2, attempts("kvm1"), "tried again once 5 s passed");
        assertEquals(Optional.of(Duration.ofSeconds(10)), f.retryIn("kvm1"), "second failure: 10 s");
        clock.advance(Duration.ofSeconds(9));
        f.list(hosts);
        assertEquals(2, attempts("kvm1"));
        refusing.remove("kvm1");
        clock.advance(Duration.ofSeconds(1));
        l = f.list(hosts);
        assertEquals(3, attempts("kvm1"));
        assertTrue(l.hosts().get(0).ok(), "came back: " + l.hosts().get(0));
        assertEquals(List.of("kvm1:a", "kvm1:b", "kvm2:a", "kvm2:b"),
                l.vms().stream().map(v -> v.host() + ":" + v.name()).toList());
        assertEquals(Optional.empty(), f.retryIn("kvm1"), "success resets the back-off");
        assertEquals(Optional.of(true), f.status("kvm1").map(HostStatus::ok));
        List<TargetResult> r = f.run(List.of(new Target("kvm1", "a", "libvirt")), (d, vm) -> d.start(vm));
        assertTrue(r.get(0).outcome().ok(), "actions reach the recovered host: " + r.get(0));
        clock.advance(Duration.ofMinutes(5));
        f.list(hosts);
        assertEquals(3, attempts("kvm1"), "a connected host is never reconnected by the fleet");
    }

    @Test
    void backoffDoublesFromFiveSecondsUpToOneMinute() {
        assertEquals(List.of(5L, 10L, 20L, 40L, 60L, 60L, 60L),
                java.util.stream.IntStream.of(1, 2, 3, 4, 5, 6, 1000).mapToObj(Fleet::backoff)
                        .map(Duration::toSeconds).toList());
        Fleet f = fleet(2);
        refusing.add("kvm1");
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            f.connect(List.of(host("kvm1")));
            Duration wait = f.retryIn("kvm1").orElseThrow();
            waits.add(wait.toSeconds());
            clock.advance(wait);
        }
        assertEquals(List.of(5L, 10L, 20L, 40L, 60L, 60L), waits);
        assertEquals(6, attempts("kvm1"), "one attempt each time the back-off ran out");
    }

    @Test
    void retryNowSkipsTheBackoffOnce() {
        Fleet f = fleet(2);
        refusing.add("kvm1");
        f.connect(List.of(host("kvm1"), host("kvm2")));
        assertFalse(f.retryNow("kvm2"), "kvm2 is connected: nothing to retry");
        assertTrue(f.retryNow("kvm1"));
        assertEquals(Optional.of(Duration.ZERO), f.retryIn("kvm1"));
        f.connect(List.of(host("kvm1")));
        assertEquals(2, attempts("kvm1"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), f.retryIn("kvm1"), "the failure count was kept");
        f.connect(List.of(host("kvm1")));
        assertEquals(2, attempts("kvm1"), "back to waiting");
        assertEquals(1, attempts("kvm2"));
    }

    @Test
    void concurrentCallersShareOneRetryAttempt() throws Exception {
        Fleet f = fleet(8);
        refusing.add("kvm1");
        f.connect(List.of(host("kvm1")));
        refusing.remove("kvm1");
        clock.advance(Duration.ofSeconds(5));
        List<ResolvedHost> many = new ArrayList<>();
        for (int i = 0; i < 8; i++) many.add(host("kvm1"));
        List<HostStatus> st = f.connect(many);
        assertTrue(st.stream().allMatch(HostStatus::ok), st.toString());
        assertEquals(2, attempts("kvm1"), "eight callers, one new attempt");
    }

    @Test
    void unimplementedOrMissingDriversAreHostErrors() {
        probe.put("xen1", "/usr/sbin/xl\n");
        probe.put("bare", "");
        probe.put("both", "/usr/sbin/xl\n/usr/bin/virsh\n");
        List<HostStatus> st = fleet(4).connect(List.of(host("xen1"), host("bare"), host("vbox1", "vbox"), host("both")));
        assertEquals("no hypervisor toolstack found (looked for virsh)", st.get(0).error(),
                "only the installed modules' tools are looked for");
        assertEquals("no hypervisor toolstack found (looked for virsh)", st.get(1).error());
        assertEquals("driver vbox is not installed (driver modules: libvirt)", st.get(2).error());
        assertTrue(st.get(3).ok(), "auto-detect uses the installed modules' toolstacks it finds");
        assertEquals(List.of("libvirt"), st.get(3).drivers());
    }

    @Test
    void runKeepsInputOrderAndIsolatesFailures() {
        Fleet f = fleet(8);
        f.connect(List.of(host("kvm1"), host("down1")));
        List<Target> targets = List.of(new Target("kvm1", "slow", "libvirt"), new Target("kvm1", "cmdfail", "libvirt"),
                new Target("kvm1", "unsupported", "libvirt"), new Target("kvm1", "bug", "libvirt"),
                new Target("down1", "*", null), new Target("kvm1", "a", "libvirt"));
        List<TargetResult> r = f.run(targets, (d, vm) -> switch (vm) {
            case "slow" -> {
                sleep(300);
                yield new OpResult("slow done", "cmd slow");
            }
            case "cmdfail" -> throw new CommandFailedException("kvm1", vm, "virsh start cmdfail", 1, "", "error: boom");
            case "unsupported" -> throw Operation.SAVE.unsupported("kvm1", vm, "no managed save");
            case "bug" -> throw new IllegalStateException("oops");
            default -> d.start(vm);
        });
        assertEquals(List.of("kvm1:slow", "kvm1:cmdfail", "kvm1:unsupported", "kvm1:bug", "down1:*", "kvm1:a"),
                r.stream().map(TargetResult::target).toList());
        assertEquals(new Outcome.Ok("slow done", "cmd slow"), r.get(0).outcome());
        assertEquals(new Outcome.Failed("`virsh start cmdfail` exited 1: error: boom", "virsh start cmdfail"),
                r.get(1).outcome());
        assertEquals(new Outcome.Unsupported("save is not supported: no managed save", null), r.get(2).outcome());
        assertEquals(new Outcome.Failed("IllegalStateException: oops", null), r.get(3).outcome());
        assertEquals(new Outcome.Failed("connection refused", null), r.get(4).outcome());
        assertEquals(new Outcome.Ok("started", "fake start a"), r.get(5).outcome());
        assertEquals(VmState.RUNNING, drivers.get("kvm1").state("a"));
    }

    @Test
    void runNeverExceedsTheParallelBoundButDoesRunInParallel() {
        Fleet f = fleet(3);
        f.connect(List.of(host("kvm1")));
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 12; i++) targets.add(new Target("kvm1", "vm" + i, "libvirt"));
        List<TargetResult> r = f.run(targets, (d, vm) -> {
            int n = now.incrementAndGet();
            peak.accumulateAndGet(n, Math::max);
            sleep(60);
            now.decrementAndGet();
            return new OpResult("done " + vm, null);
        });
        assertEquals(12, r.size());
        assertTrue(r.stream().allMatch(t -> t.outcome().ok()));
        assertEquals(3, peak.get(), "exactly the bound of 3 ran at once");
    }

    @Test
    void hostsConnectInParallelWithTheBound() {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        HostConnector slow = target -> {
            int n = now.incrementAndGet();
            peak.accumulateAndGet(n, Math::max);
            sleep(80);
            now.decrementAndGet();
            return new FakeSsh(target.name(), "/usr/bin/virsh\n");
        };
        DriverOpener opener = new DriverOpener() {
            public boolean implemented(String kind) { return true; }
            public List<DriverKind> kinds() { return FakeDriver.KINDS; }
            public HypervisorDriver open(String kind, ResolvedHost h, SshHost ssh, Trace t) {
                return new FakeDriver(h.name(), "x");
            }
        };
        try (Fleet f = new Fleet(new FleetOptions(2, false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                slow, opener, Trace.NONE)) {
            List<ResolvedHost> hosts = new ArrayList<>();
            for (int i = 0; i < 6; i++) hosts.add(host("h" + i));
            List<HostStatus> st = f.connect(hosts);
            assertTrue(st.stream().allMatch(HostStatus::ok));
            assertEquals(2, peak.get());
            assertEquals(null, st.get(0).transport(), "transport unknown when the opener cannot tell");
        }
    }

    @Test
    void aFailingListMarksOnlyThatHost() {
        Fleet f = fleet(4);
        drivers.put("kvm1", new FakeDriver("kvm1", "a") {
            @Override
            public List<VmInfo> list() {
                throw new CommandFailedException("kvm1", null, "virsh list --all", 1, "", "error: failed to connect");
            }
        });
        Listing l = f.list(List.of(host("kvm1"), host("kvm2")));
        assertFalse(l.hosts().get(0).ok());
        assertEquals("`virsh list --all` exited 1: error: failed to connect", l.hosts().get(0).error());
        assertTrue(l.hosts().get(1).ok());
        assertEquals(2, l.vms().size());
    }

    /**
     * A host that connects but cannot be listed (virsh missing, libvirtd down) yields the
     * selector's target {@code HOST:PATTERN}; running it must not hand the glob to the driver as
     * a VM name, it fails with the listing's error.
     */
    @Test
    void aTargetOfAHostThatCouldNotBeListedIsNotActedOnWithItsPatternAsAName() {
        Fleet f = fleet(4);
        List<String> acted = new java.util.concurrent.CopyOnWriteArrayList<>();
        drivers.put("kvm1", new FakeDriver("kvm1", "a") {
            @Override
            public List<VmInfo> list() {
                throw new CommandFailedException("kvm1", null, "virsh list --all", 127, "", "sh: 1: virsh: not found");
            }
        });
        assertFalse(f.list(List.of(host("kvm1"))).hosts().get(0).ok());
        // what TargetResolver makes of 'kvm1:web*' on a host that could not be listed
        List<Target> targets = List.of(new Target("kvm1", "web*", null), new Target("kvm1", "a", "libvirt"));
        List<TargetResult> r = f.run(targets, (d, vm) -> {
            acted.add(vm);
            return d.start(vm);
        });
        assertEquals(new Outcome.Failed("not attempted: `virsh list --all` exited 127: sh: 1: virsh: not found", null),
                r.get(0).outcome());
        assertEquals(List.of("a"), acted, "the pattern never reached the driver; a named VM still does");
    }

    @Test
    void aConnectionLostUnderACallFailsOnlyThatCallAndTheHostIsReconnectedAfterItsBackoff() {
        Fleet f = fleet(1); // one worker: the targets run in order
        List<ResolvedHost> hosts = List.of(host("kvm1"), host("kvm2"));
        f.connect(hosts);
        List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<TargetResult> r = f.run(List.of(new Target("kvm1", "a", "libvirt"), new Target("kvm1", "cut", "libvirt"),
                new Target("kvm1", "b", "libvirt"), new Target("kvm2", "a", "libvirt")), (d, vm) -> {
            sent.add(d.host() + ":" + vm);
            if (vm.equals("cut")) {
                throw new HostUnreachableException("kvm1", vm, "shutdown",
                        "the SSH connection to kvm1 was lost during shutdown; not retried (it may or may not have taken effect)");
            }
            return d.start(vm);
        });
        assertEquals(new Outcome.Ok("started", "fake start a"), r.get(0).outcome(), "done before the cut: reported done");
        assertEquals(new Outcome.Failed("the SSH connection to kvm1 was lost during shutdown; not retried"
                + " (it may or may not have taken effect)", "shutdown"), r.get(1).outcome());
        Outcome notAttempted = r.get(2).outcome();
        assertEquals("not attempted: connection lost: the SSH connection to kvm1 was lost during shutdown;"
                + " not retried (it may or may not have taken effect)", ((Outcome.Failed) notAttempted).message());
        assertTrue(r.get(3).outcome().ok(), "another host is not affected");
        assertEquals(List.of("kvm1:a", "kvm1:cut", "kvm2:a"), sent, "nothing re-sent, nothing sent after the loss");
        assertEquals(Optional.of(false), f.status("kvm1").map(HostStatus::ok));
        assertEquals(Optional.of(Duration.ofSeconds(5)), f.retryIn("kvm1"), "a lost host backs off like a failed one");

        assertFalse(f.list(hosts).hosts().get(0).ok(), "not reconnected before the back-off");
        assertEquals(1, attempts("kvm1"));
        clock.advance(Duration.ofSeconds(5));
        Listing l = f.list(hosts);
        assertEquals(2, attempts("kvm1"), "connected again once the back-off passed");
        assertTrue(l.hosts().get(0).ok(), l.hosts().get(0).toString());
        assertEquals(Optional.empty(), f.retryIn("kvm1"));
        assertTrue(f.run(List.of(new Target("kvm1", "b", "libvirt")), (d, vm) -> d.start(vm)).get(0).outcome().ok());
    }

    @Test
    void aConnectionLostWhileListingMarksTheHostLost() {
        Fleet f = fleet(4);
        drivers.put("kvm1", new FakeDriver("kvm1", "a") {
            @Override
            public List<VmInfo> list() {
                throw new HostUnreachableException("kvm1", null, "list", "the SSH connection to kvm1 was lost during list");
            }
        });
        Listing l = f.list(List.of(host("kvm1"), host("kvm2")));
        assertEquals("connection lost: the SSH connection to kvm1 was lost during list", l.hosts().get(0).error());
        assertEquals(Optional.of(Duration.ofSeconds(5)), f.retryIn("kvm1"));
        assertTrue(l.hosts().get(1).ok());
    }

    @Test
    void closeReleasesDriversAndConnections() {
        Fleet f = fleet(4);
        f.list(List.of(host("kvm1")));
        f.close();
        assertEquals(1, drivers.get("kvm1").closed.get());
        assertTrue(sshs.get("kvm1").closed);
    }

    @Test
    void sshTargetCarriesTheJumpChainAndAcceptNew() {
        ResolvedHost bastion2 = new ResolvedHost("b2", "10.0.0.2", 2222, "ops", List.of(), Path.of("/kh"), null,
                false, List.of(), LibvirtSettings.DEFAULT);
        ResolvedHost bastion = new ResolvedHost("b1", "10.0.0.1", 22, "ops", List.of(), Path.of("/kh"), bastion2,
                false, List.of(), LibvirtSettings.DEFAULT);
        ResolvedHost kvm = new ResolvedHost("kvm", "192.168.1.5", 22, "root", List.of(Path.of("/id")), Path.of("/kh"),
                bastion, true, List.of("libvirt"), LibvirtSettings.DEFAULT);
        SshTarget t = SshTargets.of(kvm, true, Duration.ofSeconds(3), Duration.ofSeconds(9));
        assertEquals("192.168.1.5", t.hostname());
        assertEquals(List.of(Path.of("/id")), t.identityFiles());
        assertTrue(t.acceptNew());
        assertEquals("b1", t.jump().name());
        assertEquals("b2", t.jump().jump().name());
        assertEquals(2222, t.jump().jump().port());
        assertTrue(t.jump().jump().acceptNew());
        assertNull(t.jump().jump().jump());
        assertEquals(Duration.ofSeconds(3), t.jump().connectTimeout());
    }

    @Test
    void detectorParsesCommandV() {
        DriverDetector d = new DriverDetector(FakeDriver.KINDS);
        assertEquals(List.of("libvirt", "xl"), d.parse("/usr/sbin/xl\n/usr/bin/virsh\n"));
        assertEquals(List.of(), d.parse(""));
        assertEquals(List.of("vbox"), d.parse("/usr/local/bin/VBoxManage\n"));
        assertEquals("LC_ALL=C command -v virsh xl xm VBoxManage", d.probe().shellLine());
    }

    @Test
    void aDetectedKindThatSupersedesAnotherIsOpenedAlone() {
        List<DriverKind> kinds = new java.util.ArrayList<>(FakeDriver.KINDS);
        kinds.add(new DriverKind("xapi", "xe", 15, List.of("xl", "xm")));
        DriverDetector d = new DriverDetector(kinds);
        assertEquals(List.of("xapi"), d.parse("/usr/sbin/xl\n/opt/xensource/bin/xe\n"), "an XCP-ng dom0 has xl too");
        assertEquals(List.of("xl"), d.parse("/usr/sbin/xl\n"), "a plain Xen host");
    }

    @Test
    void failureMessagesDropOnlyTheirOwnPrefix() {
        var e = new HostUnreachableException("bastion", null, null, "connection refused");
        assertEquals("bastion: connection refused", Failures.describe(e, "kvm1", "vm"));
        assertEquals("connection refused", Failures.describe(e, "bastion", null));
        assertInstanceOf(String.class, Failures.describe(new RuntimeException(), "h", null));
        assertEquals("RuntimeException", Failures.describe(new RuntimeException(), "h", null));
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
