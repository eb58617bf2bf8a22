package dev.virtdeck.vbox;

import dev.virtdeck.testlab.SimSshHost;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VBoxVersion;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.HostileNames;
import dev.virtdeck.testlab.SimShellProof;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: every hostile name of {@link HostileNames#CORPUS} on simulated VirtualBox hosts of
 * each output generation. {@code list vms} prints names unescaped and {@code showvminfo
 * --machinereadable} escapes {@code "} and {@code \}; the name is listed verbatim anyway, and
 * start, set-memory, console and a graceful shutdown reach that VM, with the name one argv word
 * every time ({@link SimShellProof}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxHostileNameSimTest {
    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    static Stream<Arguments> corpusOnEveryVersion() {
        return Stream.of(VBoxVersion.V5_2, VBoxVersion.V6_1, VBoxVersion.V7_0)
                .flatMap(v -> HostileNames.CORPUS.stream().map(n -> Arguments.of(v, n)));
    }

    VBoxDriver host(VBoxVersion v, HostileNames n) throws Exception {
        SimHost h = SimHost.vbox("vbox-" + n.id(), v);
        h.acpiShutdownDelay(Duration.ofMillis(100));
        h.addVm("plain").memory(256).state(VmPowerState.RUNNING);
        h.addVm(n.name()).memory(512).vcpus(1).uartServer("/tmp/vd-hostile-" + n.id() + ".sock");
        sim = SimSshHost.start(h, dir);
        return new VBoxDriver(sim.host().hostname(), sim.ssh());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpusOnEveryVersion")
    void listStartResizeConsoleShutdown(VBoxVersion v, HostileNames n) throws Exception {
        VBoxDriver d = host(v, n);
        List<VmInfo> vms = d.list();
        assertEquals(2, vms.size(), vms.toString());
        VmInfo off = vms.stream().filter(x -> x.name().equals(n.name())).findFirst()
                .orElseThrow(() -> new AssertionError("not listed verbatim: " + vms));
        assertEquals(VmState.SHUTOFF, off.state());
        assertEquals(sim.host().vm(n.name()).uuid(), off.uuid());

        assertEquals("started", d.start(n.name()).message());
        assertEquals(VmState.RUNNING, d.details(n.name()).state());

        d.setMemory(n.name(), 384, Scope.current(), false);
        assertEquals(384, sim.host().vm(n.name()).memoryCurMb());

        try (ConsoleStream c = d.console(n.name(), false)) {
            String out = VBoxDriverSimTest.talk(c, "echo HELLO-HOSTILE");
            assertTrue(out.contains("HELLO-HOSTILE\r\n# "), out);
        }

        String msg = d.shutdown(n.name(), new ShutdownRequest(Duration.ofSeconds(20), false, true)).message();
        assertTrue(msg.startsWith("shut down after"), msg);
        assertEquals(VmPowerState.POWEROFF, sim.host().vm(n.name()).state());
        assertEquals(VmPowerState.RUNNING, sim.host().vm("plain").state(), "only the named VM was touched");
        if (n.name().startsWith("-")) {
            // VBoxManage's option parser would take the name for an option: the driver sends the UUID
            assertTrue(sim.host().argvLog().stream().noneMatch(a -> a.contains(n.name())), "sent as a word");
            SimShellProof.nameTravelledWhole(sim.host(), n, sim.host().vm(n.name()).uuid());
        } else {
            SimShellProof.nameTravelledWhole(sim.host(), n);
        }
    }

    /** What VirtualBox cannot hold, or its listing cannot show, virtdeck refuses before sending anything. */
    @ParameterizedTest
    @EnumSource(value = VBoxVersion.class, names = {"V5_2", "V7_0"})
    void createRefusesWhatTheListingCannotShow(VBoxVersion v) throws Exception {
        VBoxDriver d = host(v, HostileNames.byId("space"));
        int before = sim.host().commandLog().size();
        for (String bad : List.of("vd\nnewline", "vd\rreturn", "vd\ttab", "-vd-dash", "", " ")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> d.create(new CreateSpec(bad, 1, 1, 64, 64, null, null, null, null, null), false), bad);
            assertTrue(e.getMessage().contains(sim.host().hostname()), e.getMessage());
        }
        assertEquals(before, sim.host().commandLog().size(), "nothing sent: " + sim.host().commandLog());
    }
}
