package dev.virtdeck.error;

import dev.virtdeck.error.NotSupportedException;

/**
 * Root of virtdeck's driver-layer exception family. Every failure that reaches a user names the
 * host, and where it applies the VM and the remote command, so an admin can act on it.
 *
 * <p>Unchecked on purpose: operations run inside parallel lambdas of the fleet engine, which maps
 * each subclass to a per-target outcome.
 */
public sealed class VirtdeckException extends RuntimeException
        permits HostUnreachableException, AuthFailedException, HostKeyRejectedException,
                VmNotFoundException, NotSupportedException, CommandFailedException,
                OperationTimeoutException, InvalidRequestException {

    private final String host;
    private final String vm;
    private final String command;

    public VirtdeckException(String host, String vm, String command, String message, Throwable cause) {
        super(message, cause);
        this.host = host;
        this.vm = vm;
        this.command = command;
    }

    /** @return the inventory name of the host concerned, or null */
    public String host() { return host; }

    /** @return the VM concerned, or null for host-level failures */
    public String vm() { return vm; }

    /** @return the remote command line or API call that failed, or null */
    public String command() { return command; }

    /** @return "host: vm: message" with whatever context is known */
    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder();
        if (host != null) sb.append(host).append(": ");
        if (vm != null) sb.append(vm).append(": ");
        sb.append(super.getMessage());
        return sb.toString();
    }

    /** @return the message without the host/VM prefix */
    public String detail() { return super.getMessage(); }
}
