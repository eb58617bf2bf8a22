package dev.virtdeck.xapi;

import dev.virtdeck.error.AuthFailedException;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** XAPI's error arrays as the error family: type, host, VM, call, and XAPI's code in the message. */
class XapiErrorsTest {
    static final String REF = "OpaqueRef:1b3c";
    static final String CALL = "VM.start(9e0f)";

    static VirtdeckException map(String method, String... description) {
        return XapiErrors.map("xcp1", "web 1", method + "(9e0f)", new XapiFailure(method, description));
    }

    static void assertNamed(VirtdeckException e, String call, String... words) {
        assertEquals("xcp1", e.host());
        assertEquals("web 1", e.vm());
        assertEquals(call, e.command());
        assertTrue(e.getMessage().startsWith("xcp1: web 1: "), e.getMessage());
        for (String w : words) assertTrue(e.getMessage().contains(w), w + " in: " + e.getMessage());
        assertInstanceOf(XapiFailure.class, e.getCause());
    }

    @Test
    void badPowerStateSaysWhatTheVmIsAndWhatXapiNeeds() {
        VirtdeckException e = map("VM.start", "VM_BAD_POWER_STATE", REF, "halted", "running");
        assertInstanceOf(InvalidRequestException.class, e);
        assertNamed(e, CALL, "the VM is running, XAPI needs it halted for VM.start", "VM_BAD_POWER_STATE");
        assertEquals("VM_BAD_POWER_STATE", XapiErrors.code(e));
    }

    @Test
    void aVmHandleThatIsGoneIsNotFound() {
        VirtdeckException e = map("VM.pause", "HANDLE_INVALID", "VM", REF);
        assertInstanceOf(VmNotFoundException.class, e);
        assertNamed(e, "VM.pause(9e0f)", "no such VM", "HANDLE_INVALID VM " + REF);
        VirtdeckException vdi = map("VDI.destroy", "HANDLE_INVALID", "VDI", REF);
        assertInstanceOf(CommandFailedException.class, vdi);
        assertNamed(vdi, "VDI.destroy(9e0f)", "the VDI it names is gone");
    }

    @Test
    void sessionErrorsAreAuthFailures() {
        VirtdeckException login = map("session.login_with_password", "SESSION_AUTHENTICATION_FAILED", "", "Authentication failure");
        assertInstanceOf(AuthFailedException.class, login);
        assertNamed(login, "session.login_with_password(9e0f)", "XAPI refused the local login", "Authentication failure");
        VirtdeckException invalid = map("VM.get_record", "SESSION_INVALID", "OpaqueRef:s1");
        assertInstanceOf(AuthFailedException.class, invalid);
        assertNamed(invalid, "VM.get_record(9e0f)", "SESSION_INVALID");
    }

    @Test
    void refusalsOfTheOperationAreInvalidRequests() {
        VirtdeckException notAllowed = map("VM.set_VCPUs_number_live", "OPERATION_NOT_ALLOWED", "VCPUs_max is 4");
        assertInstanceOf(InvalidRequestException.class, notAllowed);
        assertNamed(notAllowed, "VM.set_VCPUs_number_live(9e0f)", "XAPI does not allow VM.set_VCPUs_number_live: VCPUs_max is 4");
        VirtdeckException blocked = map("VM.pause", "OPERATION_BLOCKED", REF, "pause");
        assertInstanceOf(InvalidRequestException.class, blocked);
        assertNamed(blocked, "VM.pause(9e0f)", "blocked_operations");
        VirtdeckException memory = map("VM.set_memory_limits", "MEMORY_CONSTRAINT_VIOLATION", "dynamic_max <= static_max");
        assertInstanceOf(InvalidRequestException.class, memory);
        assertNamed(memory, "VM.set_memory_limits(9e0f)", "static_min <= dynamic_min", "dynamic_max <= static_max");
        assertInstanceOf(InvalidRequestException.class, map("VM.start", "VM_IS_TEMPLATE", REF));
        assertInstanceOf(InvalidRequestException.class, map("VM.clean_shutdown", "VM_MISSING_PV_DRIVERS", REF));
        assertInstanceOf(InvalidRequestException.class, map("VM.start", "VM_HAS_PCI_ATTACHED", REF));
        assertInstanceOf(InvalidRequestException.class, map("VM.start", "OTHER_OPERATION_IN_PROGRESS", "VM", REF));
    }

    @Test
    void xapisOwnShutdownTimeoutIsATimeout() {
        VirtdeckException e = map("VM.clean_shutdown", "VM_SHUTDOWN_TIMEOUT", REF, "1200");
        assertInstanceOf(OperationTimeoutException.class, e);
        assertNamed(e, "VM.clean_shutdown(9e0f)", "XAPI's own timeout", "1200");
    }

    @Test
    void hostAndProtocolErrorsAreFailedCalls() {
        VirtdeckException full = map("VDI.create", "SR_FULL", "1000", "500");
        assertInstanceOf(CommandFailedException.class, full);
        assertNamed(full, "VDI.create(9e0f)", "`VDI.create(9e0f)` failed", "storage repository is full");
        assertNamed(map("session.login_with_password", "HOST_IS_SLAVE", "10.0.0.1"),
                "session.login_with_password(9e0f)", "the pool master is 10.0.0.1");
        assertNamed(map("VM.frob", "MESSAGE_METHOD_UNKNOWN", "VM.frob"), "VM.frob(9e0f)", "does not serve VM.frob");
        assertNamed(map("VM.start", "MESSAGE_PARAMETER_COUNT_MISMATCH", "VM.start", "3", "2"), CALL, "MESSAGE_PARAMETER_COUNT_MISMATCH");
        assertNamed(map("VM.start", "INTERNAL_ERROR", "boom"), CALL, "INTERNAL_ERROR boom");
        VirtdeckException unknown = map("VM.start", "SOMETHING_NEW", "x");
        assertInstanceOf(CommandFailedException.class, unknown);
        assertNamed(unknown, CALL, "SOMETHING_NEW x");
    }

    @Test
    void theCodeIsFoundThroughCauses() {
        XapiFailure f = new XapiFailure("VM.start", "VM_BAD_POWER_STATE", REF, "halted", "running");
        VirtdeckException e = XapiErrors.map("h", null, "VM.start", f);
        assertSame(f, e.getCause());
        assertEquals("VM_BAD_POWER_STATE", XapiErrors.code(new RuntimeException(e)));
        assertEquals("", XapiErrors.code(new RuntimeException("plain")));
        assertEquals("VM.start", XapiErrors.method("VM.start(abc)"));
        assertEquals("halted", f.param(1));
        assertEquals("", f.param(9));
    }
}
