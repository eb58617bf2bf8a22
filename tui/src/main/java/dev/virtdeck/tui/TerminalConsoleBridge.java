package dev.virtdeck.tui;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.term.ConsoleSession;
import dev.virtdeck.term.RawTerminal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The real terminal's console hand-off: raw mode (restored exactly afterwards), the
 * {@link ConsoleSession} pumping bytes, and an input wrapper that stops reading the moment the
 * session ends, so no keystroke typed back in the TUI is swallowed by a leftover reader thread.
 */
final class TerminalConsoleBridge implements ConsoleBridge {
    private final InputStream in;
    private final PrintStream out;
    private final String escapeLabel;

    TerminalConsoleBridge(InputStream in, PrintStream out, String escapeLabel) {
        this.in = in;
        this.out = out;
        this.escapeLabel = escapeLabel;
    }

    @Override
    public String attach(ConsoleStream stream, String label, int escape) {
        out.print("\r\nConnected to " + label + " (escape: " + escapeLabel + ")\r\n");
        out.flush();
        PollingInput local = new PollingInput(in);
        ConsoleSession.End end;
        try (RawTerminal raw = RawTerminal.enter()) {
            end = new ConsoleSession(stream, local, out, escape).run();
        } catch (IllegalStateException e) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // nothing was attached for the user yet
            }
            return "console of " + label + ": " + e.getMessage();
        } finally {
            local.close();
        }
        return end == ConsoleSession.End.REMOTE_CLOSED ? "console of " + label + " closed by the remote side"
                : "disconnected from " + label;
    }

    /** Reads only bytes already available, so that closing it releases a blocked reader at once. */
    static final class PollingInput extends InputStream {
        private final InputStream in;
        private volatile boolean closed;

        PollingInput(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] b = new byte[1];
            int n = read(b, 0, 1);
            return n < 0 ? -1 : b[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (true) {
                if (closed) throw new IOException("console session ended");
                int avail = in.available();
                if (avail > 0) return in.read(b, off, Math.min(len, avail));
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
