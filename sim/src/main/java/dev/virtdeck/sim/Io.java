package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams of one simulated command. With a PTY, a real terminal merges stderr into the
 * terminal and turns "\n" into "\r\n" (ONLCR); the simulator does the same.
 */
final class Io {
    final InputStream in;
    private final OutputStream out;
    private final OutputStream err;
    final boolean pty;

    Io(InputStream in, OutputStream out, OutputStream err, boolean pty) {
        this.in = in;
        this.out = out;
        this.err = pty ? out : err;
        this.pty = pty;
    }

    void out(String s) {
        write(out, s);
    }

    void err(String s) {
        write(err, s);
    }

    /** Writes raw text with no newline translation (e.g. a terminal echo that already has "\r\n"). */
    void rawOut(String s) {
        try {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(OutputStream os, String s) {
        if (s.isEmpty()) {
            return;
        }
        String text = pty ? s.replace("\r\n", "\n").replace("\n", "\r\n") : s;
        try {
            os.write(text.getBytes(StandardCharsets.UTF_8));
            os.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
