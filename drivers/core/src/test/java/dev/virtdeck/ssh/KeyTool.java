package dev.virtdeck.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Test helper: real OpenSSH tools (ssh-keygen) so our parsing is checked against the reference. */
final class KeyTool {
    private KeyTool() {
    }

    /** Generates a key pair with ssh-keygen; {@code passphrase} "" for none. @return private key path */
    static Path generate(Path dir, String name, String type, String passphrase) throws IOException, InterruptedException {
        Path key = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString()));
        if (type.equals("rsa")) cmd.addAll(List.of("-b", "2048"));
        run(cmd);
        return key;
    }

    /** @return the public key blob from {@code KEY.pub} */
    static byte[] blob(Path privateKey) throws IOException {
        String[] f = Files.readString(Path.of(privateKey + ".pub")).strip().split("\\s+");
        return Base64.getDecoder().decode(f[1]);
    }

    /** @return the "type base64" part of {@code KEY.pub} */
    static String publicLine(Path privateKey) throws IOException {
        String[] f = Files.readString(Path.of(privateKey + ".pub")).strip().split("\\s+");
        return f[0] + " " + f[1];
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
