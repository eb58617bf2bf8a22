package dev.virtdeck.contract;

import dev.virtdeck.driver.ConsoleStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks a guest's shell over its console whether it is there. The line is typed again every few
 * seconds (a booting guest drops what comes before its shell), with "\r" as a terminal's Enter key.
 * Only the answer counts: it starts a line, while the tty's echo of the typed line follows a prompt.
 */
public final class ConsoleProbe {
    static final String MARKER = "vdc-console-ok";
    private static final Duration RETYPE = Duration.ofSeconds(3);

    private ConsoleProbe() {
    }

    /** @return true when the guest answered within {@code patience}; false when it did not or the console ended */
    static boolean answers(ConsoleStream console, Duration patience) throws IOException, InterruptedException {
        return answers(console, "echo " + MARKER, "\n" + MARKER, patience);
    }

    /**
     * Types {@code line} until {@code expected} appears (make it something only the shell's answer
     * holds, e.g. {@code $((6*7))} typed and 42 expected).
     *
     * @return true when it appeared within {@code patience}; false when not or the console ended
     */
    public static boolean answers(ConsoleStream console, String line, String expected, Duration patience)
            throws IOException, InterruptedException {
        StringBuffer seen = new StringBuffer();
        Thread reader = new Thread(() -> drain(console.input(), seen), "contract-console-reader");
        reader.setDaemon(true); // blocked in read() until the console closes
        reader.start();
        long deadline = System.nanoTime() + patience.toNanos();
        long nextType = 0;
        while (System.nanoTime() < deadline && reader.isAlive()) {
            if (System.nanoTime() >= nextType) {
                console.output().write((line + "\r").getBytes(StandardCharsets.US_ASCII));
                console.output().flush();
                nextType = System.nanoTime() + RETYPE.toNanos();
            }
            if (seen.indexOf(expected) >= 0) return true;
            Thread.sleep(50);
        }
        return seen.indexOf(expected) >= 0;
    }

    private static void drain(InputStream in, StringBuffer seen) {
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) seen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // the console closed under the reader: nothing more to see
        }
    }
}
