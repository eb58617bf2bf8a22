package dev.virtdeck.libvirt;

import dev.virtdeck.driver.VmState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DomainStatesTest {

    @Test
    void normalizesEveryLibvirtState() {
        assertEquals(VmState.UNKNOWN, DomainStates.normalize(DomainStates.NOSTATE, false));
        assertEquals(VmState.RUNNING, DomainStates.normalize(DomainStates.RUNNING, false));
        assertEquals(VmState.RUNNING, DomainStates.normalize(DomainStates.BLOCKED, false));
        assertEquals(VmState.PAUSED, DomainStates.normalize(DomainStates.PAUSED, false));
        assertEquals(VmState.SHUTTING_DOWN, DomainStates.normalize(DomainStates.SHUTDOWN, false));
        assertEquals(VmState.SHUTOFF, DomainStates.normalize(DomainStates.SHUTOFF, false));
        assertEquals(VmState.SUSPENDED, DomainStates.normalize(DomainStates.SHUTOFF, true));
        assertEquals(VmState.CRASHED, DomainStates.normalize(DomainStates.CRASHED, false));
        assertEquals(VmState.PAUSED, DomainStates.normalize(DomainStates.PMSUSPENDED, false));
        assertEquals(VmState.UNKNOWN, DomainStates.normalize(42, false));
    }

    @Test
    void wordsAndReasonsAreVirshs() {
        assertEquals("shut off (destroyed)", DomainStates.nativeState(5, 2));
        assertEquals("running (booted)", DomainStates.nativeState(1, 1));
        assertEquals("paused (user)", DomainStates.nativeState(3, 1));
        assertEquals("in shutdown", DomainStates.nativeState(4, 0));
        assertEquals("shut off (saved)", DomainStates.nativeState(5, 5));
        assertEquals(DomainStates.SHUTDOWN, DomainStates.fromWord("in shutdown"));
        assertEquals(DomainStates.SHUTOFF, DomainStates.fromWord("shut off"));
        assertEquals(DomainStates.NOSTATE, DomainStates.fromWord("gibberish"));
    }
}
