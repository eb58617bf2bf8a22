package dev.virtdeck.xapi;

import org.apache.xmlrpc.XmlRpcException;

import java.util.Arrays;
import java.util.List;

/**
 * A XAPI call answered {@code {Status: "Failure", ErrorDescription: [CODE, params...]}}. Thrown by
 * {@link XapiConnection#dispatch} in place of the SDK's own exceptions (whose constructors the SDK
 * keeps to itself), so every failure reaches {@link XapiErrors} with its code and parameters.
 */
final class XapiFailure extends XmlRpcException {
    private final String method;
    private final List<String> description;

    XapiFailure(String method, List<String> description) {
        super(method + ": " + String.join(" ", description));
        this.method = method;
        this.description = List.copyOf(description);
    }

    XapiFailure(String method, String... description) {
        this(method, Arrays.asList(description));
    }

    /** @return the XAPI method that failed, e.g. {@code VM.start} */
    String method() {
        return method;
    }

    /** @return the error code, e.g. {@code VM_BAD_POWER_STATE}, or "" when XAPI sent none */
    String code() {
        return description.isEmpty() ? "" : description.get(0);
    }

    /** @return parameter {@code i} (0 is the first after the code), or "" when absent */
    String param(int i) {
        return i + 1 < description.size() ? description.get(i + 1) : "";
    }

    List<String> description() {
        return description;
    }
}
