package dev.virtdeck.cli;

import dev.virtdeck.fleet.DefaultDriverOpener;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.ssh.SshPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --connect-timeout} through the real SSH pool, against a host that accepts TCP but never speaks SSH. */
@Timeout(60)
class ConnectTimeoutCliTest {
    @TempDir
    Path dir;

    @Test
    void theOptionBoundsTheConnectOfAHostThatNeverAnswers() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            Path inv = dir.resolve("inventory.yaml");
            // the host's own 60 s would apply without the flag: the command line beats it, as ssh -o does
            Files.writeString(inv, "hosts:\n  mute: {address: 127.0.0.1, port: " + silent.getLocalPort()
                    + ", user: root, connect_timeout: 60}\n");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            FleetFactory real = (options, trace, prompter) -> {
                SshPool pool = new SshPool(trace, prompter, null); // no agent: nothing of the user's is touched
                return new Fleet(options, pool::connect, new DefaultDriverOpener(), trace, pool);
            };
            Env env = new Env(InputStream.nullInputStream(), new PrintStream(new ByteArrayOutputStream(), true),
                    new PrintStream(err, true, StandardCharsets.UTF_8), false, real, dir.resolve("no-ssh-config"));
            long t0 = System.nanoTime();
            int code = Main.run(new String[] {"-i", inv.toString(), "--known-hosts", dir.resolve("kh").toString(),
                    "--connect-timeout", "1", "hosts"}, env);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String stderr = err.toString(StandardCharsets.UTF_8);
            assertEquals(ExitCodes.FAILED, code, stderr);
            assertTrue(stderr.contains("virtdeck: mute: cannot connect to 127.0.0.1:" + silent.getLocalPort()
                    + ": timed out after 1 s"), stderr);
            assertTrue(ms < 5000, "took " + ms + " ms; the host's own setting is 60 s");
        }
    }
}
