package dev.virtdeck.driver;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** A VM's serial console as a bidirectional byte stream. Closing it detaches; the VM keeps running. */
public interface ConsoleStream extends Closeable {
    /** @return bytes from the VM's console */
    InputStream input();

    /** @return bytes to the VM's console (flush after writing) */
    OutputStream output();

    /** @return the remote command or API call that attached */
    String command();
}
