package dev.virtdeck.ssh;

import java.io.Closeable;
import java.io.IOException;
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

    /**
     * Copies what {@code p}'s stdout and stderr have ready, without blocking.
     *
     * @return true when anything came
     */
    static boolean copyAvailable(RemoteProcess p, OutputStream out, OutputStream err) throws IOException {
        boolean fromOut = copyAvailable(p.stdout(), out);
        return copyAvailable(p.stderr(), err) || fromOut;
    }

    private static boolean copyAvailable(InputStream in, OutputStream to) throws IOException {
        int n = in.available();
        if (n <= 0) return false;
        byte[] buf = new byte[n];
        int r = in.read(buf);
        if (r <= 0) return false;
        to.write(buf, 0, r);
        return true;
    }
}
