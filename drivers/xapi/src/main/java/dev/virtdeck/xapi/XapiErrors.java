package dev.virtdeck.xapi;

import dev.virtdeck.error.AuthFailedException;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;

import java.util.Locale;

/**
 * XAPI's error codes (ErrorDescription {@code [CODE, params...]}, XenAPI reference "Error
 * Handling") as virtdeck's error family. Every exception names the inventory host, the VM (when
 * there is one) and the XAPI call as its command, e.g. {@code VM.start}; the message keeps XAPI's
 * code, so an admin can look it up.
 */
final class XapiErrors {
    private XapiErrors() {
    }

    /**
     * @param host inventory name of the host the driver talks to
     * @param vm   the VM the call was about, or null
     * @param call the XAPI method with what it was called on, e.g. {@code VM.start(uuid)}
     */
    static VirtdeckException map(String host, String vm, String call, XapiFailure f) {
        String code = f.code();
        String cause = code + detail(f);
        return switch (code) {
            case "HANDLE_INVALID" -> "VM".equals(f.param(0))
                    ? new VmNotFoundException(host, vm, call, "no such VM (it was deleted meanwhile: " + cause + ")", f)
                    : CommandFailedException.ofCall(host, vm, call, "the " + f.param(0) + " it names is gone: " + cause, f);
            case "UUID_INVALID" -> new VmNotFoundException(host, vm, call, "no such VM (" + cause + ")", f);
            case "VM_BAD_POWER_STATE" -> new InvalidRequestException(host, vm, call, "the VM is " + f.param(2)
                    + ", XAPI needs it " + f.param(1) + " for " + method(call) + " (" + code + ")", f);
            case "SESSION_AUTHENTICATION_FAILED" -> new AuthFailedException(host, vm, call,
                    "XAPI refused the local login on its socket (" + cause + ")", f);
            case "SESSION_INVALID" -> new AuthFailedException(host, vm, call,
                    "XAPI does not know the session even after logging in again (" + cause + ")", f);
            case "PERMISSION_DENIED", "RBAC_PERMISSION_DENIED" -> new AuthFailedException(host, vm, call,
                    "XAPI denies " + method(call) + " to this session (" + cause + ")", f);
            case "OPERATION_NOT_ALLOWED" -> new InvalidRequestException(host, vm, call,
                    "XAPI does not allow " + method(call) + ": " + f.param(0) + " (" + code + ")", f);
            case "OPERATION_BLOCKED" -> new InvalidRequestException(host, vm, call, method(call)
                    + " is blocked for this VM by its blocked_operations (" + cause + ")", f);
            case "OTHER_OPERATION_IN_PROGRESS" -> new InvalidRequestException(host, vm, call,
                    "another operation on the VM is in progress; try again when it is done (" + cause + ")", f);
            case "VM_SHUTDOWN_TIMEOUT" -> new OperationTimeoutException(host, vm, call,
                    "the guest did not shut down within XAPI's own timeout (" + cause + ")", f);
            case "MEMORY_CONSTRAINT_VIOLATION", "MEMORY_CONSTRAINT_VIOLATION_ORDER", "MEMORY_CONSTRAINT_VIOLATION_MAXPIN" ->
                    new InvalidRequestException(host, vm, call, "the memory settings break XAPI's rule static_min"
                            + " <= dynamic_min <= dynamic_max <= static_max (" + cause + ")", f);
            case "VM_IS_TEMPLATE" -> new InvalidRequestException(host, vm, call,
                    "that is a template, not a VM (" + cause + ")", f);
            case "VM_MISSING_PV_DRIVERS" -> new InvalidRequestException(host, vm, call,
                    "the guest has no PV drivers (guest tools), so XAPI cannot ask it; use the hard variant"
                            + " (poweroff, reset) (" + cause + ")", f);
            case "VM_HAS_PCI_ATTACHED" -> new InvalidRequestException(host, vm, call,
                    "the VM has PCI devices passed through (" + cause + ")", f);
            case "SR_FULL" -> CommandFailedException.ofCall(host, vm, call, "the storage repository is full (" + cause + ")", f);
            case "HOST_IS_SLAVE" -> CommandFailedException.ofCall(host, vm, call,
                    "this host is a pool member; the pool master is " + f.param(0) + " (" + code + ")", f);
            case "MESSAGE_METHOD_UNKNOWN", "MESSAGE_PARAMETER_COUNT_MISMATCH" -> CommandFailedException.ofCall(host, vm,
                    call, "this XAPI does not serve " + method(call) + " as the SDK calls it (an older or newer"
                            + " XAPI?) (" + cause + ")", f);
            case "NO_HOSTS_AVAILABLE", "HOST_NOT_ENOUGH_FREE_MEMORY" -> new InvalidRequestException(host, vm, call,
                    "no pool member can run the VM now (" + cause + ")", f);
            default -> CommandFailedException.ofCall(host, vm, call, cause.isEmpty() ? "XAPI failed without a code" : cause, f);
        };
    }

    /** @return " param1 param2" (XAPI's parameters; refs shortened) */
    private static String detail(XapiFailure f) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < f.description().size(); i++) sb.append(' ').append(f.description().get(i));
        return sb.toString();
    }

    /** @return the method of a call text: {@code VM.start(...)} -> {@code VM.start} */
    static String method(String call) {
        if (call == null) return "the call";
        int p = call.indexOf('(');
        return p < 0 ? call : call.substring(0, p);
    }

    /** @return the failure's XAPI code when {@code e} came from one, else "" */
    static String code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof XapiFailure f) return f.code();
        }
        return "";
    }

    /** XAPI's power_state words in its errors are lower case; ours in messages too. */
    static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
