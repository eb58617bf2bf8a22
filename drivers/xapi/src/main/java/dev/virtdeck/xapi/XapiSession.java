package dev.virtdeck.xapi;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.xensource.xenapi.APIVersion;
import com.xensource.xenapi.Connection;
import com.xensource.xenapi.Session;
import com.xensource.xenapi.Types;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.OperationTimeoutException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.ssh.SshHost;
import org.apache.xmlrpc.XmlRpcException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static dev.virtdeck.error.Durations.seconds;

/**
 * One XAPI session over the host's SSH connection: logged in on first use with
 * {@code session.login_with_password("", "")}, which XAPI grants the local superuser on its UNIX
 * socket (as dom0's own {@code xe} does), so no password exists anywhere. A call answered
 * {@code SESSION_INVALID} (XAPI restarted, the session expired) logs in again once and is repeated:
 * XAPI refused it before doing anything. Every failure is mapped by {@link XapiErrors}.
 */
final class XapiSession implements AutoCloseable {
    /** The host's local XAPI socket (root only). */
    static final String SOCKET = "/var/lib/xcp/xapi";
    static final String ORIGINATOR = "virtdeck";
    private static final Logger LOG = LoggerFactory.getLogger(XapiSession.class);

    /** One SDK call on the connection. */
    @FunctionalInterface
    interface Call<T> {
        T run(Connection c) throws Types.XenAPIException, XmlRpcException;
    }

    private final String host;
    private final SshHost ssh;
    private final String socket;
    private final XapiConnection connection;
    private final ScheduledExecutorService watchdog;
    private boolean loggedIn;

    XapiSession(String host, SshHost ssh, String socket) {
        this.host = host;
        this.ssh = ssh;
        this.socket = socket;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(new ThreadFactoryBuilder().setDaemon(true)
                .setNameFormat("xapi-watchdog-" + host + "-%d").build());
        this.connection = new XapiConnection(client -> ChannelTransport.factory(client,
                () -> ssh.openStreamLocal(socket), ssh.commandTimeout(), watchdog));
    }

    String host() {
        return host;
    }

    SshHost ssh() {
        return ssh;
    }

    /** @return the default deadline of a call (the host's command timeout) */
    Duration defaultTimeout() {
        return ssh.commandTimeout();
    }

    /** {@link #call(String, String, Duration, Call)} with the host's command timeout. */
    <T> T call(String vm, String what, Call<T> call) {
        return call(vm, what, ssh.commandTimeout(), call);
    }

    /**
     * Runs one SDK call, logged in.
     *
     * @param vm      the VM named in errors, or null
     * @param what    the call as errors and results name it, e.g. {@code VM.start(uuid)}
     * @param timeout how long the answer may take
     */
    <T> T call(String vm, String what, Duration timeout, Call<T> call) {
        boolean again = false;
        while (true) {
            login(vm);
            try {
                return once(vm, what, timeout, call);
            } catch (XapiFailure f) {
                if ("SESSION_INVALID".equals(f.code()) && !again) {
                    LOG.debug("{}: XAPI session invalid ({}), logging in again", host, what);
                    invalidate();
                    again = true;
                    continue;
                }
                throw XapiErrors.map(host, vm, what, f);
            }
        }
    }

    private <T> T once(String vm, String what, Duration timeout, Call<T> call) throws XapiFailure {
        Duration before = ChannelTransport.CALL_TIMEOUT.get();
        ChannelTransport.CALL_TIMEOUT.set(timeout);
        try {
            return call.run(connection);
        } catch (XapiFailure f) {
            throw f;
        } catch (ChannelTransport.ChannelFailure e) {
            throw e.failure;
        } catch (ChannelTransport.Timeout e) {
            throw new OperationTimeoutException(host, vm, what, "XAPI did not answer " + XapiErrors.method(what)
                    + " within " + seconds(e.after) + "; the channel was closed (XAPI may still finish it)", e);
        } catch (Types.XenAPIException e) {
            // the SDK's own checks (it throws these only for answers it cannot read)
            throw CommandFailedException.ofCall(host, vm, what, "XAPI: " + e, e);
        } catch (XmlRpcException e) {
            Throwable c = e.getCause();
            if (c instanceof XapiFailure f) throw f;
            if (c instanceof VirtdeckException v) throw v;
            throw CommandFailedException.ofCall(host, vm, what, "XAPI: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof VirtdeckException) throw e;
            // the SDK's unmarshalling of an answer it did not expect (ClassCastException, ...)
            throw CommandFailedException.ofCall(host, vm, what, "unexpected answer from XAPI: " + e, e);
        } finally {
            if (before == null) ChannelTransport.CALL_TIMEOUT.remove();
            else ChannelTransport.CALL_TIMEOUT.set(before);
        }
    }

    /** Logs in unless a session is held. The password is empty: nothing secret is sent or logged. */
    private synchronized void login(String vm) {
        if (loggedIn && connection.getSessionReference() != null) return;
        String what = "session.login_with_password";
        try {
            once(vm, what, ssh.commandTimeout(), c -> Session.loginWithPassword(c, "", "",
                    APIVersion.latest().toString(), ORIGINATOR));
        } catch (XapiFailure f) {
            throw XapiErrors.map(host, vm, what, f);
        }
        loggedIn = true;
        LOG.debug("{}: logged in to XAPI on {}", host, socket);
    }

    private synchronized void invalidate() {
        loggedIn = false;
        connection.forgetSession();
    }

    /** Logs out (best effort, briefly) and stops the watchdog; the SSH connection stays pooled. */
    @Override
    public void close() {
        synchronized (this) {
            if (loggedIn && ssh.connected()) {
                try {
                    once(null, "session.logout", Duration.ofSeconds(5), c -> {
                        Session.logout(c);
                        return null;
                    });
                } catch (XapiFailure | RuntimeException e) {
                    LOG.debug("{}: XAPI logout: {}", host, e.toString());
                }
            }
            loggedIn = false;
            connection.forgetSession();
        }
        watchdog.shutdownNow();
    }
}
