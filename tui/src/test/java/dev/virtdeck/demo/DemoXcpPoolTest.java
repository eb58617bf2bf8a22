package dev.virtdeck.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.cli.Env;
import dev.virtdeck.cli.Main;
import dev.virtdeck.sim.xapi.SimXapiPool;
import dev.virtdeck.sim.xapi.XapiPowerState;
import dev.virtdeck.sim.xapi.XapiVm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.virtdeck.demo.DemoLabTest.cli;
import static dev.virtdeck.demo.DemoLabTest.readUntil;
import static dev.virtdeck.demo.DemoLabTest.states;
import static dev.virtdeck.demo.DemoLabTest.vms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's XCP-ng pool (xcp1 master, xcp2 member) through the real CLI, SSH client and xapi driver. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DemoXcpPoolTest {
    @BeforeAll
    static void startLab() throws Exception {
        DemoLabTest.startLab();
    }

    @AfterAll
    static void stopLab() {
        DemoLabTest.stopLab();
    }

    private static SimXapiPool pool() {
        return DemoLabTest.lab.xcpPool();
    }

    @Test
    void bothMembersAnswerForThePoolAndEachVmIsListedOnceUnderTheMemberItRunsOn() throws Exception {
        DemoLabTest.Run r = cli("list", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = r.json();
        assertEquals(Map.of("app server", "running", "staging", "suspended", "win-build", "shutoff"),
                states(vms(root, "xcp1")), r.out());
        assertEquals(Map.of("ldap", "running", "reports", "paused"), states(vms(root, "xcp2")), r.out());
        assertEquals("xcp2", vms(root, "xcp2").get("ldap").get("residentOn").asText());
        assertEquals("xapi", vms(root, "xcp2").get("ldap").get("driver").asText());
    }

    @Test
    void startGracefulShutdownAndALiveMemoryChangeReachTheMaster() throws Exception {
        XapiVm vm = pool().vm("win-build");
        try {
            DemoLabTest.Run start = cli("start", "xcp1:win-build");
            assertEquals(0, start.code(), start.out() + start.err());
            assertEquals(XapiPowerState.RUNNING, vm.powerState());

            DemoLabTest.Run mem = cli("set-memory", "xcp1:win-build", "3G");
            assertEquals(0, mem.code(), mem.out() + mem.err());
            assertEquals(3072L * 1024 * 1024, vm.memoryLimits()[2], "dynamic max is the live target");

            DemoLabTest.Run stop = cli("shutdown", "--timeout", "20", "xcp1:win-build");
            assertEquals(0, stop.code(), stop.out() + stop.err());
            assertTrue(stop.out().contains("shut down"), stop.out());
            assertEquals(XapiPowerState.HALTED, vm.powerState());
            assertTrue(pool().callLog().stream().anyMatch(c -> c.method().equals("VM.clean_shutdown")
                    && c.executedBy().equals(DemoLab.XCP_MASTER)), "executed by the master: " + pool().callLog());
        } finally {
            if (vm.powerState() != XapiPowerState.HALTED) vm.state(XapiPowerState.HALTED);
        }
    }

    @Test
    void theConsoleCommandReachesAGuestOnTheMemberItRunsOn() throws Exception {
        PipedOutputStream keys = new PipedOutputStream();
        InputStream stdin = new PipedInputStream(keys);
        PipedOutputStream outWriter = new PipedOutputStream();
        PipedInputStream screen = new PipedInputStream(outWriter, 1 << 16);
        PrintStream out = new PrintStream(outWriter, true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        Env env = new Env(stdin, out, errStream, false, Env.system(out, errStream).fleets(), null);
        CompletableFuture<Integer> console = CompletableFuture.supplyAsync(() -> Main.run(new String[] {
                "-i", DemoLabTest.lab.inventory().toString(), "console", "xcp2:ldap"}, env));
        keys.write("echo xcp-console-ok\r".getBytes(StandardCharsets.US_ASCII));
        keys.flush();
        String seen = readUntil(screen, "\nxcp-console-ok", 30);
        assertTrue(seen.contains("echo xcp-console-ok"), "the guest tty echoes: " + seen);
        keys.write(0x1d); // Ctrl-]
        keys.flush();
        assertEquals(0, console.get(30, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Disconnected from xcp2:ldap"), err.toString());
        assertEquals(XapiPowerState.RUNNING, pool().vm("ldap").powerState(), "leaving the console leaves the VM running");
    }
}
