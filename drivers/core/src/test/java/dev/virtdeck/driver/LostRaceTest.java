package dev.virtdeck.driver;

import dev.virtdeck.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Two clients acting on one VM at once: the one the hypervisor refuses reports the real state. */
class LostRaceTest {
    static final InvalidRequestException ALREADY_ACTIVE = new InvalidRequestException("lab1", "web",
            "virDomainCreate(\"web\")", "Requested operation is not valid: domain is already running");

    @Test
    void theOtherClientGotThereFirstIsOkAlready() {
        OpResult r = LostRace.settle(ALREADY_ACTIVE, VmState.RUNNING, VmState::isActive, "already running");
        assertEquals(new OpResult("already running", "virDomainCreate(\"web\")"), r);
    }

    @Test
    void elsewhereTheRefusalStandsAndSaysTheStateNow() {
        InvalidRequestException notRunning = new InvalidRequestException("lab1", "web", "virDomainSuspend(\"web\")",
                "Requested operation is not valid: domain is not running");
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> LostRace.settle(notRunning, VmState.SHUTOFF, s -> s == VmState.PAUSED, "already paused"));
        assertEquals("lab1: web: Requested operation is not valid: domain is not running (the VM is now shutoff)",
                e.getMessage());
        assertEquals("virDomainSuspend(\"web\")", e.command());
        assertSame(notRunning, e.getCause());
    }
}
