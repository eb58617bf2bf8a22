package dev.virtdeck.ssh;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A forwarded byte stream on the held SSH connection (a {@code direct-streamlocal@openssh.com}
 * channel to a UNIX socket on the host). No local listener is involved: only this process holds
 * the streams. Writes are buffered until {@code flush()}; closing the channel closes both ways.
 */
public interface StreamChannel extends Closeable {
    /** @return bytes from the remote socket; -1 once the remote end has closed */
    InputStream input();

    /** @return bytes to the remote socket (flush after writing) */
    OutputStream output();

    /** @return false once either side has closed the channel */
    boolean isOpen();

    /** @return what the channel reaches, e.g. {@code unix:/var/lib/xcp/xapi}, for messages */
    String target();

    /** Closes the channel without waiting for the server's confirmation; idempotent, never throws. */
    @Override
    void close();
}
