package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.libvirt.LibvirtExtras.DomainRecord;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * libvirt API calls on one host's {@link LibvirtLink}: each reported to its {@link Trace} and
 * named in errors in C API form, e.g. {@code virDomainCreate("vd-deaf")}, with libvirt's error
 * mapped to the error family.
 */
final class NativeCalls {
    static final int AFFECT_LIVE = 1;
    static final int AFFECT_CONFIG = 2;
    static final int XML_INACTIVE = 2;

    private final LibvirtLink link;
    private final LibvirtErrors errors;

    NativeCalls(LibvirtLink link) {
        this.link = link;
        this.errors = new LibvirtErrors(link.host());
    }

    /** A call that changes something: never re-sent when the connection dies under it. */
    <T> T call(String vm, Operation op, String api, LibvirtLink.Body<T> body) {
        return run(vm, op, api, false, body);
    }

    /** A call that only reads: retried once on a reopened connection if the old one died. */
    <T> T read(String vm, Operation op, String api, LibvirtLink.Body<T> body) {
        return run(vm, op, api, true, body);
    }

    private <T> T run(String vm, Operation op, String api, boolean retryable, LibvirtLink.Body<T> body) {
        link.trace().call(link.host(), api);
        try {
            return link.call(vm, api, retryable, body);
        } catch (LibvirtException e) {
            throw errors.map(vm, op, api, e.getError(), e);
        } catch (LibvirtExtras.CallFailed e) {
            throw errors.map(vm, op, api, e.error(), e);
        } catch (IllegalStateException e) {
            throw CommandFailedException.ofCall(link.host(), vm, api, String.valueOf(e.getMessage()), e);
        }
    }

    /** The VM read in one go (state, persistence, sizes). */
    DomainRecord record(String vm) {
        return read(vm, Operation.DETAILS, api("virDomainGetState", vm), c -> LibvirtExtras.lookup(c, vm));
    }

    /** The VM's handle on the connection a call runs on (one more RPC, well under a millisecond). */
    static Domain dom(TunnelConnect c, String vm) throws LibvirtException {
        return c.domainLookupByName(vm);
    }

    static int flags(Set<Scope> scopes) {
        return (scopes.contains(Scope.LIVE) ? AFFECT_LIVE : 0) | (scopes.contains(Scope.CONFIG) ? AFFECT_CONFIG : 0);
    }

    /** @param extra a flag name written first (e.g. VIR_DOMAIN_MEM_MAXIMUM), or null */
    static Raw flagNames(int flags, String extra) {
        List<String> n = new ArrayList<>();
        if (extra != null) n.add(extra);
        if ((flags & AFFECT_LIVE) != 0) n.add("VIR_DOMAIN_AFFECT_LIVE");
        if ((flags & AFFECT_CONFIG) != 0) n.add("VIR_DOMAIN_AFFECT_CONFIG");
        return raw(n.isEmpty() ? "VIR_DOMAIN_AFFECT_CURRENT" : String.join("|", n));
    }

    /** An argument printed as is (flag names, elided XML), not as a quoted string. */
    record Raw(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    static Raw raw(String text) {
        return new Raw(text);
    }

    /**
     * @return a C-style call for traces and results: strings double-quoted with C escapes, the rest as is,
     *         e.g. {@code virDomainCreate("vd-deaf")}
     */
    static String api(String function, Object... args) {
        StringBuilder sb = new StringBuilder(function).append('(');
        for (int i = 0; i < args.length; i++) {
            if (i > 0) sb.append(", ");
            Object a = args[i];
            if (a instanceof String s) {
                sb.append('"');
                for (char c : s.toCharArray()) {
                    switch (c) {
                        case '"' -> sb.append("\\\"");
                        case '\\' -> sb.append("\\\\");
                        case '\n' -> sb.append("\\n");
                        default -> sb.append(c);
                    }
                }
                sb.append('"');
            } else {
                sb.append(a);
            }
        }
        return sb.append(')').toString();
    }
}
