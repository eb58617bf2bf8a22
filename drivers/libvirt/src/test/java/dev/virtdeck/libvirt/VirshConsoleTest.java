package dev.virtdeck.libvirt;

import dev.virtdeck.testlab.Reference;

import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VirshConsoleTest {
    private static final String EVIL = "-vd q'\"$(cd ..;cd ..;cd ..;cd tmp;touch vd-canary) ; `cd ..;cd tmp;touch vd-canary2` x";

    /** A console process whose output the test writes, with an exit status it sets. */
    static final class FakeConsole implements RemoteProcess, SshHost {
        final PipedOutputStream feed = new PipedOutputStream();
        final PipedInputStream out;
        final ByteArrayOutputStream typed = new ByteArrayOutputStream();
        volatile Integer exit;
        volatile boolean closed;
        RemoteCommand started;
        boolean pty;

        FakeConsole() throws IOException {
            out = new PipedInputStream(feed, 1 << 16);
        }

        void say(String text) throws IOException {
            feed.write(text.getBytes(StandardCharsets.UTF_8));
            feed.flush();
        }

        @Override public InputStream stdout() { return out; }
        @Override public InputStream stderr() { return InputStream.nullInputStream(); }
        @Override public OutputStream stdin() { return typed; }
        @Override public Integer exitStatus() { return exit; }
        @Override public boolean isOpen() { return !closed && exit == null; }
        @Override public String command() { return started.shellLine(); }
        @Override public void close() { closed = true; }
        @Override public String name() { return "h"; }
        @Override public ExecResult exec(RemoteCommand c) { throw new AssertionError(); }
        @Override public ExecResult exec(RemoteCommand c, Duration t) { throw new AssertionError(); }

        @Override
        public RemoteProcess start(RemoteCommand command, boolean pty) {
            this.started = command;
            this.pty = pty;
            return this;
        }
    }

    @Test
    void busyConsoleIsRefusedWithAHint() throws Exception {
        FakeConsole c = new FakeConsole();
        c.say(Reference.pty("error-console-busy").replace("\n", "\r\n"));
        c.exit = 1;
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> VirshConsole.open(c, false, "qemu:///system", "h", "tiny1", false));
        assertEquals(VirshConsole.BUSY_MESSAGE, e.detail());
        assertTrue(c.closed);
    }

    @Test
    void busyErrorArrivingAfterTheBannerIsStillSeen() throws Exception {
        FakeConsole c = new FakeConsole();
        c.say("Connected to domain 'tiny1'\r\nEscape character is ^] (Ctrl + ])\r\n");
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(400);
                c.say("error: operation failed: Active console session exists for this domain\r\n");
                c.exit = 1;
            } catch (Exception ignored) {
                // test fails on its own
            }
        });
        t.start();
        assertThrows(InvalidRequestException.class,
                () -> VirshConsole.open(c, false, "qemu:///system", "h", "tiny1", false));
        t.join();
    }

    @Test
    void notRunningAndUnknownAreMapped() throws Exception {
        FakeConsole c = new FakeConsole();
        c.say(Reference.pty("error-console-notrunning"));
        c.exit = 1;
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> VirshConsole.open(c, false, "qemu:///system", "h", "tiny1", false));
        assertTrue(e.detail().contains("not running"));

        FakeConsole d = new FakeConsole();
        d.say("error: failed to get domain 'nosuch'\n");
        d.exit = 1;
        assertThrows(VmNotFoundException.class, () -> VirshConsole.open(d, false, "u", "h", "nosuch", false));

        FakeConsole f = new FakeConsole();
        f.say("error: failed to connect to the hypervisor\n");
        f.exit = 1;
        assertThrows(CommandFailedException.class, () -> VirshConsole.open(f, false, "u", "h", "x", false));
    }

    @Test
    void quietConsoleIsAttachedAfterTheSettleTime() throws Exception {
        FakeConsole c = new FakeConsole();
        c.say(Reference.pty("console-banner").replace("\n", "\r\n"));
        long t0 = System.nanoTime();
        try (ConsoleStream s = VirshConsole.open(c, true, "qemu:///system", "h", EVIL, true)) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= VirshConsole.SETTLE.toMillis() - 50, "settled after " + ms + " ms");
            assertTrue(c.pty, "virsh console needs a pty");
            assertEquals(List.of("virsh", "-c", "qemu:///system", "console", "--force", "--domain", EVIL),
                    c.started.argv());
            assertTrue(c.started.sudo());
            c.say("/ # ");
            byte[] buf = new byte[4];
            assertEquals(4, s.input().readNBytes(buf, 0, 4));
            assertEquals("/ # ", new String(buf, StandardCharsets.UTF_8));
            s.output().write("ls\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(c.closed);
        byte[] typed = c.typed.toByteArray();
        assertEquals(VirshConsole.ESCAPE, typed[typed.length - 1], "detaches with Ctrl-] before closing");
    }

    @Test
    void guestOutputAfterTheBannerAttachesAtOnceAndIsNotLost() throws Exception {
        FakeConsole c = new FakeConsole();
        c.say("Connected to domain 'x'\r\nEscape character is ^] (Ctrl + ])\r\nhello from the guest\r\n");
        long t0 = System.nanoTime();
        try (ConsoleStream s = VirshConsole.open(c, false, "u", "h", "x", false)) {
            assertTrue((System.nanoTime() - t0) / 1_000_000 < VirshConsole.SETTLE.toMillis());
            byte[] buf = new byte[22];
            assertEquals(22, s.input().readNBytes(buf, 0, 22));
            assertEquals("hello from the guest\r\n", new String(buf, StandardCharsets.UTF_8));
        }
    }

    @Test
    void virshExitingAfterTheBannerIsAFailure() throws Exception {
        FakeConsole c = new FakeConsole();
        c.say("Connected to domain 'x'\r\nEscape character is ^] (Ctrl + ])\r\n");
        c.exit = 1;
        assertThrows(CommandFailedException.class, () -> VirshConsole.open(c, false, "u", "h", "x", false));
    }
}
