package dev.virtdeck.libvirt;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One host's native libvirt connection, kept usable when libvirtd restarts: the tunnel
 * ({@link VirtSshHelperBridge}) is reopened once its helper has ended, before anything is sent.
 * Every call is bounded by the host's command timeout: libvirt's client has no RPC timeout, so a
 * watchdog closes a tunnel that stops answering, which fails the blocked call instead of hanging.
 *
 * <p>A call that the connection dies under is never re-sent when it changes something (it may or
 * may not have taken effect); a read is retried once on a reopened connection. When the host's
 * SSH connection itself is gone the failure is a {@link HostUnreachableException}, which the
 * fleet treats as the host being lost; a libvirt-only loss is a target failure.
 */
final class LibvirtLink implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtLink.class);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("virtdeck-libvirt-watchdog").setDaemon(true).build());

    /** A libvirt call on the current connection. */
    @FunctionalInterface
    interface Body<T> {
        T run(TunnelConnect c) throws LibvirtException, LibvirtExtras.CallFailed;
    }

    private final String host;
    private final SshHost ssh;
    private final String uri;
    private final boolean sudo;
    private final Trace trace;
    private final Duration timeout;
    private VirtSshHelperBridge bridge; // guarded by this
    private boolean closed; // guarded by this
    private long retiredRpcs; // guarded by this: messages sent on bridges already replaced

    /** Opens the tunnel and the connection; failures propagate (the driver cannot open). */
    LibvirtLink(String host, SshHost ssh, String uri, boolean sudo, Trace trace) {
        this.host = host;
        this.ssh = ssh;
        this.uri = uri;
        this.sudo = sudo;
        this.trace = trace;
        this.timeout = ssh.commandTimeout();
        this.bridge = open();
    }

    private VirtSshHelperBridge open() {
        trace.call(host, RemoteCommand.of("virt-ssh-helper", uri).withSudo(sudo).shellLine());
        return VirtSshHelperBridge.open(ssh, host, uri, sudo);
    }

    String host() {
        return host;
    }

    /** Where every call on this connection is reported. */
    Trace trace() {
        return trace;
    }

    /** @return the remote command that carries the connection */
    String command() {
        return current().command();
    }

    /**
     * Runs {@code body} on a live connection within the command timeout.
     *
     * @param vm        the VM concerned (for messages), or null
     * @param api       the call as written in traces and results
     * @param retryable true for reads: retried once on a fresh connection if the old one died
     * @throws LibvirtException             libvirt's own error, for the caller to map
     * @throws OperationTimeoutException    no answer within the command timeout
     * @throws HostUnreachableException     the SSH connection is gone
     * @throws CommandFailedException       the libvirt connection died under a call not retried
     */
    <T> T call(String vm, String api, boolean retryable, Body<T> body) throws LibvirtException, LibvirtExtras.CallFailed {
        for (int attempt = 1; ; attempt++) {
            VirtSshHelperBridge b = current();
            AtomicBoolean fired = new AtomicBoolean();
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
                fired.set(true);
                LOG.warn("{}: {} did not answer within {} s: closing the libvirt tunnel", host, api, timeout.toSeconds());
                b.abort();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                return body.run(b.connect());
            } catch (LibvirtException | LibvirtExtras.CallFailed e) {
                Error error = e instanceof LibvirtException le ? le.getError() : ((LibvirtExtras.CallFailed) e).error();
                if (fired.get()) {
                    throw new OperationTimeoutException(host, vm, api, api + " got no answer within "
                            + timeout.toSeconds() + " s on " + host + "; the libvirt connection was closed"
                            + " (the next call reopens it)", e);
                }
                if (b.alive() && !LibvirtErrors.isConnectionLoss(error)) throw e;
                b.abort();
                if (!ssh.connected()) {
                    // even a read may be a step of an action (a shutdown's polling): say it either way
                    throw new HostUnreachableException(host, vm, api, "the SSH connection to " + host
                            + " was lost during " + api + "; not retried (it may or may not have taken effect)", e);
                }
                if (retryable && attempt == 1) {
                    LOG.info("{}: libvirt connection lost during {} ({}); reconnecting once", host, api, e.getMessage());
                    continue;
                }
                throw CommandFailedException.ofCall(host, vm, api, "the libvirt connection was lost (libvirtd"
                        + " restarted or its tunnel ended); not retried: it may or may not have taken effect"
                        + " (the next call reconnects)", e);
            } finally {
                watchdog.cancel(false);
            }
        }
    }

    /** @return the open bridge, after reopening it once its helper has ended (nothing was sent on it) */
    private synchronized VirtSshHelperBridge current() {
        if (closed) throw new HostUnreachableException(host, null, null, "libvirt connection already closed");
        if (bridge.alive()) return bridge;
        LOG.info("{}: the libvirt tunnel has ended (libvirtd restarted?); reopening it", host);
        retiredRpcs += bridge.rpcMessages();
        bridge.close();
        try {
            bridge = open();
        } catch (VirtdeckException e) {
            throw reopenFailed(e);
        }
        return bridge;
    }

    private VirtdeckException reopenFailed(VirtdeckException e) {
        if (e instanceof HostUnreachableException) return e;
        String call = e.command() != null ? e.command() : "virt-ssh-helper " + uri;
        // a failed helper's detail starts with the command again: keep only what it said
        String why = e instanceof CommandFailedException f && f.exitCode() >= 0
                ? "exit " + f.exitCode() + ": " + (f.stderr().isBlank() ? f.stdout() : f.stderr()).strip()
                : e.detail();
        return CommandFailedException.ofCall(host, e.vm(), call,
                "the libvirt connection ended and could not be reopened (" + why + ")", e);
    }

    /** @return libvirt RPC messages sent on this link so far, across reopens (keepalives excluded) */
    synchronized long rpcMessages() {
        return retiredRpcs + bridge.rpcMessages();
    }

    /** Closes the connection and its tunnel; the SSH connection stays pooled. */
    @Override
    public synchronized void close() {
        closed = true;
        bridge.close();
    }
}
