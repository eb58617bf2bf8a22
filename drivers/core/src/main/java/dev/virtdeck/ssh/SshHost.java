package dev.virtdeck.ssh;

import java.io.Closeable;
import java.time.Duration;

/**
 * One persistent SSH connection to a host; commands and processes are channels multiplexed on
 * it. Thread-safe. A dropped connection is re-established once per call before failing.
 * Failures are {@code HostUnreachableException}, {@code AuthFailedException},
 * {@code HostKeyRejectedException} or {@code OperationTimeoutException}; a non-zero exit is NOT
 * an exception here (callers decide by exit code).
 */
public interface SshHost extends Closeable {
    /** @return the inventory name */
    String name();

    /** @return how long one command (or one call through a channel of this host) may take */
    default Duration commandTimeout() {
        return SshTarget.DEFAULT_COMMAND_TIMEOUT;
    }

    /**
     * @return false when the SSH connection is known to be down right now (the next channel
     *         reconnects it once); a cheap local check, it sends nothing
     */
    default boolean connected() {
        return true;
    }

    /** Runs a command to completion, with the target's default command timeout. */
    ExecResult exec(RemoteCommand command);

    ExecResult exec(RemoteCommand command, Duration timeout);

    /** Starts a command on its own channel and returns at once; {@code pty} allocates a terminal. */
    RemoteProcess start(RemoteCommand command, boolean pty);

    /**
     * Opens a {@code direct-streamlocal@openssh.com} channel to the UNIX socket {@code socketPath} on
     * the host, over this connection (reconnected once like other channels). The host's sshd connects
     * to the socket as the SSH user; nothing listens on this machine.
     *
     * @throws dev.virtdeck.error.CommandFailedException the sshd refused the channel (no such socket,
     *         permission denied, {@code AllowStreamLocalForwarding no}): "open failed" naming the socket
     * @throws UnsupportedOperationException this SshHost cannot forward (test doubles)
     */
    default StreamChannel openStreamLocal(String socketPath) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not forward to UNIX sockets");
    }

    @Override
    void close();
}
