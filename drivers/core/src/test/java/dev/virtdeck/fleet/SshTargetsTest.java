package dev.virtdeck.fleet;

import dev.virtdeck.ssh.Trace;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.inventory.XenSettings;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.ssh.SshTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which connect timeout each hop gets: its own (inventory, ~/.ssh/config), else the fleet's. */
@Timeout(60)
class SshTargetsTest {
    private static final Duration OPTION = Duration.ofSeconds(30);
    private static final Duration COMMAND = Duration.ofSeconds(9);

    @TempDir
    Path tmp;
    /** The kernel completes the TCP handshake (listen backlog) but nobody ever speaks SSH. */
    private ServerSocket silent;

    @BeforeEach
    void listen() throws Exception {
        silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"));
    }

    @AfterEach
    void closeListener() throws Exception {
        silent.close();
    }

    private ResolvedHost host(String name, String address, int port, ResolvedHost jump, Duration connectTimeout) {
        return new ResolvedHost(name, address, port, "root", List.of(), tmp.resolve("known_hosts"), jump, false,
                List.of(), LibvirtSettings.DEFAULT, XenSettings.DEFAULT, connectTimeout);
    }

    @Test
    void aHostsOwnTimeoutBeatsTheFleetsAndEachHopKeepsItsOwn() {
        ResolvedHost outer = host("outer", "10.0.0.1", 22, null, Duration.ofSeconds(5));
        ResolvedHost bastion = host("bastion", "10.0.0.2", 22, outer, null);
        ResolvedHost xen = host("xen", "10.0.0.3", 22, bastion, Duration.ofSeconds(45));

        SshTarget t = SshTargets.of(xen, false, OPTION, COMMAND);
        assertEquals(Duration.ofSeconds(45), t.connectTimeout(), "the host's own");
        assertEquals(OPTION, t.jump().connectTimeout(), "a jump host without one gets the fleet's, not its target's");
        assertEquals(Duration.ofSeconds(5), t.jump().jump().connectTimeout(), "a jump host with one keeps it");
        assertEquals(COMMAND, t.commandTimeout());
        assertEquals(OPTION, SshTargets.of(bastion, false, OPTION, COMMAND).connectTimeout());
    }

    @Test
    void fleetOptionsRefuseANonPositiveConnectTimeout() {
        assertThrows(IllegalArgumentException.class, () -> new FleetOptions(1, false, Duration.ZERO, COMMAND));
        assertThrows(IllegalArgumentException.class, () -> new FleetOptions(1, false, Duration.ofSeconds(-1), COMMAND));
        assertThrows(IllegalArgumentException.class, () -> new FleetOptions(1, false, null, COMMAND));
    }

    // ---- the bound really applies: a listener that never speaks SSH, through the real pool ----

    /** Connects {@code h} with a real {@link SshPool} behind a fleet whose connect timeout is {@code option}. */
    private static HostStatus connect(ResolvedHost h, Duration option) {
        SshPool pool = new SshPool(Trace.NONE, Prompter.NONE, null);
        try (Fleet fleet = new Fleet(new FleetOptions(1, false, option, COMMAND), pool::connect,
                new DefaultDriverOpener(), Trace.NONE, pool)) {
            return fleet.connect(List.of(h)).get(0);
        }
    }

    private static void assertTimedOutAfterOneSecond(HostStatus s, long ms) {
        assertFalse(s.ok());
        assertTrue(s.error().contains("timed out after 1 s"), s.error());
        assertTrue(ms >= 900 && ms < 5000, "took " + ms + " ms");
    }

    @Test
    void aHostsShortTimeoutFiresAlthoughTheFleetAllowsMore() {
        long t0 = System.nanoTime();
        HostStatus s = connect(host("mute", "127.0.0.1", silent.getLocalPort(), null, Duration.ofSeconds(1)), OPTION);
        assertTimedOutAfterOneSecond(s, (System.nanoTime() - t0) / 1_000_000);
        assertTrue(s.error().startsWith("cannot connect to 127.0.0.1:" + silent.getLocalPort()), s.error());
    }

    @Test
    void theFleetsTimeoutFiresForAHostWithoutOne() {
        long t0 = System.nanoTime();
        HostStatus s = connect(host("mute", "127.0.0.1", silent.getLocalPort(), null, null), Duration.ofSeconds(1));
        assertTimedOutAfterOneSecond(s, (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    void aJumpHostsOwnTimeoutFires() {
        ResolvedHost jump = host("mutegw", "127.0.0.1", silent.getLocalPort(), null, Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        HostStatus s = connect(host("inner", "10.0.0.9", 22, jump, Duration.ofSeconds(40)), OPTION);
        assertTimedOutAfterOneSecond(s, (System.nanoTime() - t0) / 1_000_000);
        assertTrue(s.error().contains("through jump host mutegw: cannot connect to 127.0.0.1"), s.error());
    }
}
