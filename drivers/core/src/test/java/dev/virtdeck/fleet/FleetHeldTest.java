package dev.virtdeck.fleet;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.ssh.Trace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A fleet kept across commands (the agent's): held connections are replaced when they are no longer right. */
class FleetHeldTest {
    final List<SshTarget> dialed = new CopyOnWriteArrayList<>();
    final List<FakeSsh> opened = new CopyOnWriteArrayList<>();
    final Set<String> refusing = ConcurrentHashMap.newKeySet();
    Fleet fleet;

    /** A fake SSH connection whose liveness the test decides. */
    static final class Dropping extends FakeSsh {
        volatile boolean up = true;

        Dropping(String name) {
            super(name, "/usr/bin/virsh\n");
        }

        @Override
        public boolean connected() {
            return up && !closed;
        }
    }

    Fleet fleet() {
        fleet = new Fleet(new FleetOptions(4, false, Duration.ofSeconds(1), Duration.ofSeconds(1)), target -> {
            dialed.add(target);
            if (refusing.contains(target.name())) {
                throw new HostUnreachableException(target.name(), null, null, "connection refused");
            }
            FakeSsh s = new Dropping(target.name());
            opened.add(s);
            return s;
        }, new DriverOpener() {
            public boolean implemented(String kind) {
                return kind.equals("libvirt");
            }

            public List<DriverKind> kinds() {
                return List.of(FakeDriver.LIBVIRT);
            }

            public HypervisorDriver open(String kind, ResolvedHost host, SshHost ssh, Trace trace) {
                return new FakeDriver(host.name(), "a");
            }
        }, Trace.NONE);
        return fleet;
    }

    static ResolvedHost host(String name, int port) {
        return new ResolvedHost(name, name + ".example", port, "root", List.of(Path.of("/k")), Path.of("/kh"), null,
                false, List.of("libvirt"), LibvirtSettings.DEFAULT);
    }

    @AfterEach
    void close() {
        if (fleet != null) fleet.close();
    }

    @Test
    void aHeldConnectionServesTheSameHostAgain() {
        fleet().list(List.of(host("kvm1", 22)));
        assertTrue(fleet.list(List.of(host("kvm1", 22))).allHostsOk());
        assertEquals(1, dialed.size());
        assertEquals(1, fleet.connectionsOpened());
        assertEquals(List.of(new HeldHost("kvm1", true, true, null)), fleet.held());
    }

    @Test
    void changedSettingsReplaceTheHeldConnection() {
        fleet().list(List.of(host("kvm1", 22)));
        Listing l = fleet.list(List.of(host("kvm1", 2222)));
        assertTrue(l.allHostsOk());
        assertEquals(2, dialed.size());
        assertEquals(2222, dialed.get(1).port());
        assertTrue(opened.get(0).closed, "the replaced connection must be closed");
        assertFalse(opened.get(1).closed);
    }

    @Test
    void aDroppedConnectionIsOpenedAfreshBeforeUse() {
        fleet().list(List.of(host("kvm1", 22), host("kvm2", 22)));
        ((Dropping) opened.stream().filter(o -> o.name().equals("kvm1")).findFirst().orElseThrow()).up = false; // rebooted
        assertFalse(fleet.held().stream().filter(h -> h.host().equals("kvm1")).findFirst().orElseThrow().connected());
        Listing l = fleet.list(List.of(host("kvm1", 22), host("kvm2", 22)));
        assertTrue(l.allHostsOk());
        assertEquals(2, dialed.stream().filter(t -> t.name().equals("kvm1")).count(), "kvm1 connected afresh");
        assertEquals(1, dialed.stream().filter(t -> t.name().equals("kvm2")).count(), "kvm2 still held");
    }

    @Test
    void retryFailedNowAsksAFailedHostAgainWithoutItsBackOff() {
        refusing.add("kvm1");
        assertFalse(fleet().list(List.of(host("kvm1", 22))).allHostsOk());
        refusing.clear();
        assertFalse(fleet.list(List.of(host("kvm1", 22))).allHostsOk(), "within its back-off: not asked");
        assertEquals(1, dialed.size());
        fleet.retryFailedNow();
        assertTrue(fleet.list(List.of(host("kvm1", 22))).allHostsOk());
        assertEquals(2, dialed.size());
    }
}
