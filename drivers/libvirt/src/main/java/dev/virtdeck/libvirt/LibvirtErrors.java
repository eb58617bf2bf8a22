package dev.virtdeck.libvirt;

import dev.virtdeck.driver.Operation;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import org.libvirt.Error;
import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;

import java.util.EnumSet;
import java.util.Set;

/** Maps libvirt's error (code and domain) to virtdeck's exception family, in one table. */
final class LibvirtErrors {
    /** The request does not fit the VM: wrong state, bad argument, name taken. */
    private static final Set<ErrorNumber> INVALID = EnumSet.of(ErrorNumber.VIR_ERR_OPERATION_INVALID,
            ErrorNumber.VIR_ERR_INVALID_ARG, ErrorNumber.VIR_ERR_DOM_EXIST, ErrorNumber.VIR_ERR_XML_ERROR,
            ErrorNumber.VIR_ERR_XML_DETAIL, ErrorNumber.VIR_ERR_CONFIG_UNSUPPORTED,
            ErrorNumber.VIR_ERR_RESOURCE_BUSY, ErrorNumber.VIR_ERR_XML_INVALID_SCHEMA);
    private static final Set<ErrorNumber> UNSUPPORTED = EnumSet.of(ErrorNumber.VIR_ERR_NO_SUPPORT,
            ErrorNumber.VIR_ERR_OPERATION_UNSUPPORTED, ErrorNumber.VIR_ERR_ARGUMENT_UNSUPPORTED);
    /** With the RPC/remote domains these mean the tunnel or libvirtd went away. */
    private static final Set<ErrorNumber> CONNECTION = EnumSet.of(ErrorNumber.VIR_ERR_SYSTEM_ERROR,
            ErrorNumber.VIR_ERR_RPC, ErrorNumber.VIR_ERR_NO_CONNECT, ErrorNumber.VIR_ERR_INVALID_CONN,
            ErrorNumber.VIR_ERR_INTERNAL_ERROR);

    /**
     * @return true when libvirt's error says the connection itself broke (the RPC layer or the
     *         remote driver, e.g. "End of file while reading data", "client socket is closed")
     */
    static boolean isConnectionLoss(Error error) {
        if (error == null) return false;
        ErrorDomain domain = error.getDomain();
        return CONNECTION.contains(error.getCode())
                && (domain == ErrorDomain.VIR_FROM_RPC || domain == ErrorDomain.VIR_FROM_REMOTE);
    }

    private final String host;

    LibvirtErrors(String host) {
        this.host = host;
    }

    /**
     * @param api   the C-style call that failed, e.g. {@code virDomainCreate("x")}
     * @param error libvirt's error, null when it recorded none
     */
    VirtdeckException map(String vm, Operation op, String api, Error error, Exception cause) {
        String msg = error != null && error.getMessage() != null ? error.getMessage().strip() : String.valueOf(cause.getMessage());
        ErrorNumber code = error != null ? error.getCode() : null;
        if (code == null) return CommandFailedException.ofCall(host, vm, api, msg, cause);
        if (code == ErrorNumber.VIR_ERR_NO_DOMAIN) {
            return new VmNotFoundException(host, vm, api, "no such VM on this host (" + msg + ")", cause);
        }
        if (INVALID.contains(code)) return new InvalidRequestException(host, vm, api, msg, cause);
        if (UNSUPPORTED.contains(code)) return op.unsupported(host, vm, msg);
        if (code == ErrorNumber.VIR_ERR_OPERATION_TIMEOUT || code == ErrorNumber.VIR_ERR_AGENT_UNRESPONSIVE) {
            return new OperationTimeoutException(host, vm, api, msg, cause);
        }
        return CommandFailedException.ofCall(host, vm, api, msg, cause);
    }
}
