package dev.virtdeck.sim.xapi;

import java.util.ArrayList;
import java.util.List;

/** A XAPI error: {@code {Status: "Failure", ErrorDescription: [code, params...]}}. */
final class XapiFailure extends RuntimeException {

    private final List<String> description;

    XapiFailure(String code, String... params) {
        super(code + " " + List.of(params));
        List<String> d = new ArrayList<>();
        d.add(code);
        d.addAll(List.of(params));
        this.description = List.copyOf(d);
    }

    List<String> description() {
        return description;
    }

    String code() {
        return description.get(0);
    }

    static XapiFailure handleInvalid(String cls, String ref) {
        return new XapiFailure("HANDLE_INVALID", cls, ref);
    }

    static XapiFailure badPowerState(String vm, XapiPowerState expected, XapiPowerState actual) {
        return new XapiFailure("VM_BAD_POWER_STATE", vm, expected.lower(), actual.lower());
    }
}
