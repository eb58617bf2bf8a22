package dev.virtdeck.ssh;

import dev.virtdeck.error.AuthFailedException;
import dev.virtdeck.error.HostUnreachableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour that needs an sshd we may restrict, stop and restart. */
@Tag("lab")
@Timeout(180)
class PrivateSshdTest {
    @TempDir
    Path dir;
    final SshPool pool = new SshPool(null, Prompter.NONE, null);

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void moreConcurrentCommandsThanMaxSessionsAllSucceed() throws Exception {
        try (PrivateSshd sshd = PrivateSshd.start(dir, "MaxSessions 2")) {
            SshHost h = pool.connect(sshd.target("tight"));
            ExecutorService ex = Executors.newFixedThreadPool(10);
            try {
                List<Future<ExecResult>> fs = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String n = Integer.toString(i);
                    fs.add(ex.submit(() -> h.exec(RemoteCommand.of("sh", "-c", "sleep 0.3; echo $1", "sh", n))));
                }
                for (int i = 0; i < 10; i++) {
                    ExecResult r = fs.get(i).get();
                    assertTrue(r.ok(), r.toString());
                    assertEquals(i + "\n", r.stdout());
                }
            } finally {
                ex.shutdownNow();
            }
        }
    }

    @Test
    void restartedSshdIsReconnectedTransparently() throws Exception {
        try (PrivateSshd sshd = PrivateSshd.start(dir, "")) {
            SshHost h = pool.connect(sshd.target("flaky"));
            String before = h.exec(RemoteCommand.of("sh", "-c", "echo $SSH_CONNECTION")).stdout();
            sshd.restart(); // drops our connection
            String after = h.exec(RemoteCommand.of("sh", "-c", "echo $SSH_CONNECTION")).stdout();
            assertNotEquals(before, after);
            assertSame(h, pool.connect(sshd.target("flaky")), "still the pool's host object");
        }
    }

    @Test
    void passwordIsAskedLastAndFailsClearlyWithoutATerminal() throws Exception {
        try (PrivateSshd sshd = PrivateSshd.start(dir, "PasswordAuthentication yes")) {
            SshTarget t = sshd.target("pw");
            SshTarget noKeys = new SshTarget(t.name(), t.hostname(), t.port(), t.user(), List.of(), t.knownHosts(),
                    false, null, t.connectTimeout(), t.commandTimeout());
            AuthFailedException none = assertThrows(AuthFailedException.class, () -> pool.connect(noKeys));
            assertTrue(none.getMessage().contains("password (no terminal to ask it)"), none.getMessage());

            List<String> asked = new ArrayList<>();
            Prompter wrong = new Prompter() {
                @Override
                public char[] passphrase(String keyFile) {
                    return null;
                }

                @Override
                public char[] password(String userAtHost) {
                    asked.add(userAtHost);
                    return "not-the-password".toCharArray();
                }
            };
            Path stranger = KeyTool.generate(dir, "stranger", "ed25519", "");
            SshTarget strangerKey = new SshTarget("pw2", t.hostname(), t.port(), t.user(), List.of(stranger),
                    t.knownHosts(), false, null, t.connectTimeout(), t.commandTimeout());
            try (SshPool prompting = new SshPool(null, wrong, null)) {
                AuthFailedException e = assertThrows(AuthFailedException.class, () -> prompting.connect(strangerKey));
                assertEquals("pw2", e.host());
                String m = e.getMessage();
                assertTrue(m.contains("root@127.0.0.1:" + sshd.port), m);
                assertTrue(m.indexOf("key " + stranger) < m.indexOf("password (rejected)"), "key first, password last: " + m);
            }
            assertEquals(List.of("root@127.0.0.1:" + sshd.port), asked);
        }
    }

    @Test
    void hostThatStaysDownFailsAfterOneReconnectAttempt() throws Exception {
        try (PrivateSshd sshd = PrivateSshd.start(dir, "")) {
            SshHost h = pool.connect(sshd.target("gone"));
            assertTrue(h.exec(RemoteCommand.of("true")).ok());
            sshd.stop();
            HostUnreachableException e = assertThrows(HostUnreachableException.class,
                    () -> h.exec(RemoteCommand.of("true")));
            assertEquals("gone", e.host());
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        }
    }
}
