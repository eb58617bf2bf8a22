package dev.virtdeck.ssh;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** A long-lived remote command on its own channel (virt-ssh-helper, a console). */
public interface RemoteProcess extends Closeable {
    InputStream stdout();

    InputStream stderr();

    /** @return the process's stdin; flush after each write (sshj buffers) */
    OutputStream stdin();

    /** @return the exit status once the remote side has ended, else null */
    Integer exitStatus();

    boolean isOpen();

    /** @return the command line as sent */
    String command();

    /** Tells the remote pty its new size (no-op without a pty). */
    default void resize(int columns, int rows) {
    }
}
