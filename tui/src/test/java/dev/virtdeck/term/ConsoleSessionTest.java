package dev.virtdeck.term;

import dev.virtdeck.driver.ConsoleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
public class ConsoleSessionTest {

    /** A console whose "guest" answers each line it receives with "got: LINE". */
    public static final class EchoConsole implements ConsoleStream {
        final PipedOutputStream toLocal = new PipedOutputStream();
        final PipedInputStream input;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        volatile boolean closed;

        public EchoConsole() throws IOException {
            input = new PipedInputStream(toLocal, 65536);
        }

        @Override
        public InputStream input() {
            return input;
        }

        @Override
        public OutputStream output() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    synchronized (received) {
                        received.write(b);
                    }
                    if (b == '\n') {
                        String all = received.toString(StandardCharsets.UTF_8);
                        String[] lines = all.split("\n");
                        toLocal.write(("got: " + lines[lines.length - 1] + "\r\n").getBytes(StandardCharsets.UTF_8));
                        toLocal.flush();
                    }
                }
            };
        }

        public String received() {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }

        @Override
        public String command() {
            return "fake console";
        }

        @Override
        public void close() throws IOException {
            closed = true;
            toLocal.close();
        }
    }

    @Test
    void ctrlRightBracketEndsTheSessionAndIsNotSent() throws Exception {
        EchoConsole c = new EchoConsole();
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        byte[] typed = "echo hi\n\u001dnot sent\n".getBytes(StandardCharsets.UTF_8);
        ConsoleSession.End end = new ConsoleSession(c, new ByteArrayInputStream(typed), local).run();
        assertEquals(ConsoleSession.End.ESCAPE, end);
        assertEquals("echo hi\n", c.received());
        assertTrue(c.closed, "the console is closed (detached) at the end");
    }

    @Test
    void theRemoteClosingEndsTheSessionWhileLocalInputWaits() throws Exception {
        EchoConsole c = new EchoConsole();
        PipedInputStream neverTyped = new PipedInputStream(new PipedOutputStream());
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        c.toLocal.write("bye\r\n".getBytes(StandardCharsets.UTF_8));
        c.toLocal.close();
        ConsoleSession.End end = new ConsoleSession(c, neverTyped, local).run();
        assertEquals(ConsoleSession.End.REMOTE_CLOSED, end);
        assertEquals("bye\r\n", local.toString(StandardCharsets.UTF_8));
    }

    @Test
    void endOfScriptedInputWaitsForTheAnswer() throws Exception {
        EchoConsole c = new EchoConsole();
        ByteArrayOutputStream local = new ByteArrayOutputStream();
        ConsoleSession.End end = new ConsoleSession(c,
                new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)), local).run();
        assertEquals(ConsoleSession.End.LOCAL_EOF, end);
        assertEquals("got: one\r\ngot: two\r\n", local.toString(StandardCharsets.UTF_8));
    }
}
