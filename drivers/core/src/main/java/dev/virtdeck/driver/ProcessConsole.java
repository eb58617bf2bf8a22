package dev.virtdeck.driver;

import dev.virtdeck.ssh.RemoteProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A VM console carried by a remote process's channel ({@code virsh console}, {@code xl console},
 * {@code socat} to a UART socket). The bytes a driver already read while attaching (banner,
 * first guest output) come first. Closing optionally sends the tool's own escape byte, so the tool
 * detaches and releases the console before the channel goes, then closes the channel.
 */
public final class ProcessConsole implements ConsoleStream {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessConsole.class);

    private final RemoteProcess process;
    private final InputStream in;
    private final String command;
    private final Integer escapeOnClose;
    private boolean closed;

    /**
     * @param head          bytes read from the channel while attaching, delivered first
     * @param escapeOnClose byte to send before closing (e.g. 0x1d, Ctrl-]), or null for none
     */
    public ProcessConsole(RemoteProcess process, byte[] head, String command, Integer escapeOnClose) {
        this.process = process;
        this.in = new PrefixedInput(new ByteArrayInputStream(head), process.stdout());
        this.command = command;
        this.escapeOnClose = escapeOnClose;
    }

    @Override
    public InputStream input() {
        return in;
    }

    @Override
    public OutputStream output() {
        return process.stdin();
    }

    @Override
    public String command() {
        return command;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (escapeOnClose != null && process.isOpen()) {
            try {
                process.stdin().write(escapeOnClose);
                process.stdin().flush();
            } catch (IOException e) {
                LOG.debug("console escape not sent: {}", e.toString());
            }
        }
        closeQuietly(process);
    }

    /** Closes a console channel, logging rather than throwing: nothing useful can be done then. */
    public static void closeQuietly(RemoteProcess p) {
        try {
            p.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing console channel: {}", e.toString());
        }
    }

    /**
     * The head bytes, then the channel. Unlike SequenceInputStream, available() reports the
     * channel once the head is used up, so callers can poll without blocking.
     */
    private static final class PrefixedInput extends InputStream {
        private final ByteArrayInputStream head;
        private final InputStream tail;

        PrefixedInput(ByteArrayInputStream head, InputStream tail) {
            this.head = head;
            this.tail = tail;
        }

        @Override
        public int read() throws IOException {
            return head.available() > 0 ? head.read() : tail.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return head.available() > 0 ? head.read(b, off, len) : tail.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return head.available() > 0 ? head.available() : tail.available();
        }

        @Override
        public void close() throws IOException {
            tail.close();
        }
    }
}
