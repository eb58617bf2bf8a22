package dev.virtdeck.xen;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.sim.HostKind;
import dev.virtdeck.sim.SimHost;
import dev.virtdeck.sim.VmPowerState;
import dev.virtdeck.testlab.HostileNames;
import dev.virtdeck.testlab.SimShellProof;
import dev.virtdeck.testlab.SimSshHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 10: every hostile name of {@link HostileNames#CORPUS} on simulated xl and xm hosts. A
 * domain with that name (config {@code /etc/xen/NAME.cfg}, as an admin would have written it) is
 * listed verbatim, started, resized, reached on its console and shut down gracefully; the
 * simulated shell saw the name as one argv word every time ({@link SimShellProof}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class XlHostileNameSimTest {
    @TempDir
    Path dir;
    SimSshHost sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    static Stream<Arguments> corpusOnBothToolstacks() {
        return Stream.of(Toolstack.XL, Toolstack.XM)
                .flatMap(t -> HostileNames.CORPUS.stream().map(n -> Arguments.of(t, n)));
    }

    XlDriver host(Toolstack tool, HostileNames n) throws Exception {
        SimHost h = SimHost.of(tool == Toolstack.XL ? HostKind.XEN : HostKind.XM, "xen-" + n.id()).cpus(2).memoryMb(2048);
        h.acpiShutdownDelay(Duration.ofMillis(100));
        h.addXenGuest("plain", 64, 64, 1, 1).state(VmPowerState.RUNNING);
        h.addXenGuest(n.name(), 128, 256, 1, 1);
        sim = SimSshHost.start(h, dir);
        return new XlDriver(h.hostname(), sim.ssh(), tool, null, null, false);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("corpusOnBothToolstacks")
    void listStartResizeConsoleShutdown(Toolstack tool, HostileNames n) throws Exception {
        XlDriver d = host(tool, n);
        if (tool == Toolstack.XM && n.name().startsWith("-")) {
            xmRefusesALeadingDash(d, n);
            return;
        }
        VmInfo off = d.list().stream().filter(v -> v.name().equals(n.name())).findFirst()
                .orElseThrow(() -> new AssertionError("not listed verbatim: " + d.list()));
        assertEquals(VmState.SHUTOFF, off.state());

        assertEquals("started", d.start(n.name()).message());
        VmInfo on = d.list().stream().filter(v -> v.name().equals(n.name())).findFirst().orElseThrow();
        assertEquals(VmState.RUNNING, on.state(), "xl list row read back under the same name");
        assertEquals(2, d.list().size(), "no row split or merged: " + d.list());

        d.setMemory(n.name(), 192, Scope.current(), false);
        assertEquals(192, sim.host().vm(n.name()).memoryCurMb());
        assertEquals(192L, d.details(n.name()).memoryMiB());

        try (ConsoleStream c = d.console(n.name(), false)) {
            OutputStream out = c.output();
            out.write("echo HELLO-HOSTILE\r".getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(XlDriverSimTest.readUntil(c.input(), "HELLO-HOSTILE\r\n", Duration.ofSeconds(10)));
        }

        String msg = d.shutdown(n.name(), new ShutdownRequest(Duration.ofSeconds(20), false, true)).message();
        assertTrue(msg.startsWith("shut down after"), msg);
        assertEquals(VmState.SHUTOFF, d.details(n.name()).state());
        assertEquals(VmPowerState.RUNNING, sim.host().vm("plain").state(), "only the named domain was touched");
        SimShellProof.nameTravelledWhole(sim.host(), n);
    }

    /** xm reads some arguments with getopt and some positionally: a leading '-' is refused, not guessed. */
    private void xmRefusesALeadingDash(XlDriver d, HostileNames n) {
        assertTrue(d.list().stream().anyMatch(v -> v.name().equals(n.name())), "listed verbatim: " + d.list());
        sim.host().vm(n.name()).state(VmPowerState.RUNNING);
        List<Executable> acts = List.of(() -> d.setMemory(n.name(), 192, Scope.current(), false),
                () -> d.shutdown(n.name(), new ShutdownRequest(Duration.ofSeconds(5), false, true)),
                () -> d.console(n.name(), false).close(), () -> d.pause(n.name()));
        for (Executable act : acts) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class, act);
            assertTrue(e.getMessage().contains("starting with '-'") && e.getMessage().contains(n.name())
                    && e.getMessage().contains(sim.host().hostname()), e.getMessage());
        }
        assertTrue(sim.host().argvLog().stream().noneMatch(a -> a.contains(n.name())), "name never sent");
        assertEquals(VmPowerState.RUNNING, sim.host().vm(n.name()).state());
    }

    /** What xl cannot hold (or address) virtdeck refuses before it writes or runs anything. */
    @Test
    void createRefusesNamesXlCannotHoldBeforeSendingAnything() throws Exception {
        XlDriver d = host(Toolstack.XL, HostileNames.byId("space"));
        int before = sim.host().commandLog().size();
        for (String bad : List.of("-vd-dash", "vd/slash", "vd\nnewline", "vd\ttab", "4711", "Domain-0", "")) {
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> d.create(new CreateSpec(bad, 1, 1, 64, 64, null, "/k", null, null, null), false), bad);
            assertTrue(e.getMessage().contains(sim.host().hostname()), e.getMessage());
        }
        assertEquals(before, sim.host().commandLog().size(), "nothing sent: " + sim.host().commandLog());
    }
}
