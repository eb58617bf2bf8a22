package dev.virtdeck.sim;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;

/** Shared client key (generated once with ssh-keygen) for the tests that use the real OpenSSH client. */
abstract class SimTestBase {

    static Path dir;
    static String pubKey;

    @BeforeAll
    static void clientKey() throws Exception {
        if (dir == null) {
            dir = Files.createTempDirectory("sim-ssh");
            pubKey = OpenSsh.generateKey(dir);
        }
    }
}
