package dev.virtdeck.ssh;

import dev.virtdeck.error.OperationTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A host black-holed after login (its sshd SIGSTOPped, the TCP connection still up): a new
 * command's channel is never confirmed, and the wait for it is bounded by the command timeout,
 * not sshj's 30 s default, and reported as the command getting no answer.
 */
@Tag("lab")
@Timeout(60)
class SshBlackHoleTest {
    @TempDir
    Path dir;
    final SshPool pool = new SshPool(null, Prompter.NONE, null);

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void aChannelThatIsNeverConfirmedFailsWithinTheCommandTimeout() throws Exception {
        try (PrivateSshd sshd = PrivateSshd.start(dir, "")) {
            SshTarget t = sshd.target("hole");
            SshTarget quick = new SshTarget(t.name(), t.hostname(), t.port(), t.user(), t.identityFiles(), t.knownHosts(),
                    false, null, Duration.ofSeconds(5), Duration.ofSeconds(2));
            SshHost h = pool.connect(quick);
            assertEquals(0, h.exec(RemoteCommand.of("true")).exitCode());
            sshd.freeze();
            long t0 = System.nanoTime();
            OperationTimeoutException e = assertThrows(OperationTimeoutException.class,
                    () -> h.exec(RemoteCommand.of("echo", "hi")));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 1900 && ms < 6000, "took " + ms + " ms");
            assertEquals("hole: `LC_ALL=C echo hi` got no answer within 2 s on hole: the SSH connection did not open a channel for it",
                    e.getMessage());
        }
    }
}
