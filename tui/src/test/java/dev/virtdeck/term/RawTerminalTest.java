package dev.virtdeck.term;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RawTerminalTest {

    @Test
    void terminalDevicesAreTerminals() {
        assertTrue(RawTerminal.isTerminalPath("/dev/pts/3"));
        assertTrue(RawTerminal.isTerminalPath("/dev/tty1"));
        assertTrue(RawTerminal.isTerminalPath("/dev/console"));
    }

    @Test
    void pipesFilesAndSocketsAreNot() {
        assertFalse(RawTerminal.isTerminalPath("pipe:[12345]"));
        assertFalse(RawTerminal.isTerminalPath("socket:[9]"));
        assertFalse(RawTerminal.isTerminalPath("/dev/null"));
        assertFalse(RawTerminal.isTerminalPath("/tmp/out.log"));
    }

    @Test
    void aRedirectedDescriptorOfThisTestIsNoTerminal() {
        // surefire forks the JVM with pipes: stderr is never a terminal here
        assertFalse(RawTerminal.stderrIsTerminal());
    }
}
