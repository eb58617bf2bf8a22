package dev.virtdeck.cli;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.fleet.FakeDriver;
import dev.virtdeck.term.ConsoleSessionTest.EchoConsole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class ConsoleCommandTest {

    @Test
    void consoleCommandAttachesToExactlyOneVm(@TempDir Path dir) throws Exception {
        Harness h = new Harness(dir);
        EchoConsole c = new EchoConsole();
        h.drivers.put("kvm1", new FakeDriver("kvm1", "web", "db") {
            @Override
            public ConsoleStream console(String vm, boolean force) {
                assertEquals("db", vm);
                assertTrue(force);
                return c;
            }
        });
        h.stdin = new ByteArrayInputStream("uname\n\u001d".getBytes(StandardCharsets.UTF_8));
        Harness.Result r = h.run("console", "db", "--force");
        assertEquals(0, r.code(), r.err());
        // a bare VM name looks on every host: the unreachable one is reported, the unique match wins
        assertTrue(r.err().startsWith("virtdeck: down1: connection refused\nConnected to kvm1:db (escape: ^])\n"), r.err());
        assertTrue(r.err().endsWith("Disconnected from kvm1:db.\n"), r.err());
        assertEquals("uname\n", c.received());
    }

    @Test
    void aDriverWithoutConsoleIsRefusedWithItsReasonBeforeAnythingIsAttached(@TempDir Path dir) {
        Harness h = new Harness(dir);
        h.drivers.put("kvm1", new FakeDriver("kvm1", "web", "db") {
            @Override
            public Capabilities capabilities() {
                return Capabilities.allSupported().with(Capability.unsupported(Operation.CONSOLE, "no serial port")).build();
            }

            @Override
            public ConsoleStream console(String vm, boolean force) {
                throw new AssertionError("asked for a console it cannot give");
            }
        });
        Harness.Result r = h.run("console", "kvm1:db");
        assertEquals(1, r.code(), r.err());
        assertEquals("virtdeck: kvm1: db: console is not supported: no serial port\n", r.err());
    }
}
