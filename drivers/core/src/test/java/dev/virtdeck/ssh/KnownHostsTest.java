package dev.virtdeck.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KnownHostsTest {
    @TempDir
    Path dir;

    @Test
    void fingerprintMatchesSshKeygen() throws Exception {
        for (String type : List.of("ed25519", "ecdsa", "rsa")) {
            Path key = KeyTool.generate(dir, "k-" + type, type, "");
            String keygen = KeyTool.run(List.of("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub"));
            String expected = keygen.split("\\s+")[1]; // "256 SHA256:xxx comment (ED25519)"
            assertTrue(expected.startsWith("SHA256:"), keygen);
            assertEquals(expected, KnownHosts.fingerprint(KeyTool.blob(key)), type);
        }
    }

    @Test
    void keyTypeIsReadFromTheBlob() throws Exception {
        Path key = KeyTool.generate(dir, "k", "ed25519", "");
        assertEquals("ssh-ed25519", KnownHosts.keyType(KeyTool.blob(key)));
    }

    @Test
    void hostTokenUsesBracketsForNonDefaultPorts() {
        assertEquals("example.org", KnownHosts.hostToken("Example.ORG", 22));
        assertEquals("[127.0.0.1]:2222", KnownHosts.hostToken("127.0.0.1", 2222));
    }

    @Test
    void plainPortAndPatternEntriesMatch() throws Exception {
        Path key = KeyTool.generate(dir, "h", "ed25519", "");
        String pub = KeyTool.publicLine(key);
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "# comment\n\n"
                + "alpha,10.0.0.1 " + pub + "\n"
                + "[127.0.0.1]:2222 " + pub + "\n"
                + "*.lab,!bad.lab " + pub + "\n"
                + "garbage-line\n");
        KnownHosts k = KnownHosts.load(kh);
        byte[] blob = KeyTool.blob(key);
        assertEquals(KnownHosts.Status.KNOWN, k.check("alpha", 22, blob).status());
        assertEquals(KnownHosts.Status.KNOWN, k.check("10.0.0.1", 22, blob).status());
        assertEquals(KnownHosts.Status.UNKNOWN, k.check("alpha", 2200, blob).status());
        assertEquals(KnownHosts.Status.KNOWN, k.check("127.0.0.1", 2222, blob).status());
        assertEquals(4, k.check("127.0.0.1", 2222, blob).entry().line());
        assertEquals(KnownHosts.Status.UNKNOWN, k.check("127.0.0.1", 22, blob).status());
        assertEquals(KnownHosts.Status.KNOWN, k.check("web1.lab", 22, blob).status());
        assertEquals(KnownHosts.Status.UNKNOWN, k.check("bad.lab", 22, blob).status(), "negated pattern");
    }

    @Test
    void hashedEntriesFromSshKeygenMatch() throws Exception {
        Path key = KeyTool.generate(dir, "h", "ed25519", "");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "[127.0.0.1]:2222 " + KeyTool.publicLine(key) + "\nmyhost " + KeyTool.publicLine(key) + "\n");
        KeyTool.run(List.of("ssh-keygen", "-H", "-f", kh.toString())); // OpenSSH hashes in place
        String hashedText = Files.readString(kh);
        assertFalse(hashedText.contains("127.0.0.1"), hashedText);
        assertTrue(hashedText.startsWith("|1|"), hashedText);
        KnownHosts k = KnownHosts.load(kh);
        byte[] blob = KeyTool.blob(key);
        assertEquals(KnownHosts.Status.KNOWN, k.check("127.0.0.1", 2222, blob).status());
        assertEquals(KnownHosts.Status.KNOWN, k.check("myhost", 22, blob).status());
        assertEquals(KnownHosts.Status.UNKNOWN, k.check("otherhost", 22, blob).status());
        // and our own hashing agrees with ssh-keygen's lookup (-F)
        byte[] salt = new byte[20];
        String line = KnownHosts.hashed(salt, "[10.1.1.1]:2022") + " " + KeyTool.publicLine(key) + "\n";
        Path ours = dir.resolve("ours");
        Files.writeString(ours, line);
        String found = KeyTool.run(List.of("ssh-keygen", "-F", "[10.1.1.1]:2022", "-f", ours.toString()));
        assertTrue(found.contains("Host [10.1.1.1]:2022 found"), found);
    }

    @Test
    void anotherKeyForTheHostIsChangedAndNamesTheLine() throws Exception {
        Path oldKey = KeyTool.generate(dir, "old", "ed25519", "");
        Path newKey = KeyTool.generate(dir, "new", "ed25519", "");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "other " + KeyTool.publicLine(newKey) + "\n[h]:2222 " + KeyTool.publicLine(oldKey) + "\n");
        KnownHosts.Verdict v = KnownHosts.load(kh).check("h", 2222, KeyTool.blob(newKey));
        assertEquals(KnownHosts.Status.CHANGED, v.status());
        assertEquals(2, v.entry().line());
    }

    @Test
    void revokedKeyIsRefused() throws Exception {
        Path key = KeyTool.generate(dir, "k", "ed25519", "");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "@revoked * " + KeyTool.publicLine(key) + "\nh " + KeyTool.publicLine(key) + "\n");
        assertEquals(KnownHosts.Status.REVOKED, KnownHosts.load(kh).check("h", 22, KeyTool.blob(key)).status());
    }

    @Test
    void missingFileIsEmptyAndAppendCreatesIt() throws Exception {
        Path key = KeyTool.generate(dir, "k", "ecdsa", "");
        Path kh = dir.resolve("a/b/known_hosts");
        assertEquals(KnownHosts.Status.UNKNOWN, KnownHosts.load(kh).check("h", 22, KeyTool.blob(key)).status());
        KnownHosts.append(kh, "127.0.0.1", 2222, KeyTool.blob(key));
        KnownHosts.append(kh, "h", 22, KeyTool.blob(key));
        List<String> lines = Files.readAllLines(kh);
        assertEquals("[127.0.0.1]:2222 " + KeyTool.publicLine(key), lines.get(0));
        assertEquals("h " + KeyTool.publicLine(key), lines.get(1));
        // ssh-keygen finds what we wrote
        String found = KeyTool.run(List.of("ssh-keygen", "-F", "[127.0.0.1]:2222", "-f", kh.toString()));
        assertTrue(found.contains("found"), found);
    }

    @Test
    void appendAddsMissingNewline() throws Exception {
        Path key = KeyTool.generate(dir, "k", "ed25519", "");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "x " + KeyTool.publicLine(key)); // no trailing newline
        KnownHosts.append(kh, "y", 22, KeyTool.blob(key));
        assertEquals(2, Files.readAllLines(kh).size());
        assertEquals(KnownHosts.Status.KNOWN, KnownHosts.load(kh).check("x", 22, KeyTool.blob(key)).status());
    }

    @Test
    void knownAlgorithmsPreferRecordedKeyTypes() throws Exception {
        Path ed = KeyTool.generate(dir, "ed", "ed25519", "");
        Path rsa = KeyTool.generate(dir, "rsa", "rsa", "");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "h " + KeyTool.publicLine(ed) + "\nh " + KeyTool.publicLine(rsa) + "\n");
        assertEquals(List.of("ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"),
                KnownHosts.load(kh).knownAlgorithms("h", 22));
        assertEquals(List.of(), KnownHosts.load(kh).knownAlgorithms("other", 22));
    }

    @Test
    void encryptedKeyFilesAreDetected() throws Exception {
        assertTrue(Authenticator.isEncrypted(KeyTool.generate(dir, "enc", "ed25519", "secret")));
        assertFalse(Authenticator.isEncrypted(KeyTool.generate(dir, "plain", "ed25519", "")));
        Path pem = KeyTool.generate(dir, "pem", "rsa", "secret");
        KeyTool.run(List.of("ssh-keygen", "-p", "-m", "PEM", "-P", "secret", "-N", "secret", "-f", pem.toString()));
        assertTrue(Files.readString(pem).contains("BEGIN RSA PRIVATE KEY"));
        assertTrue(Authenticator.isEncrypted(pem));
    }

    @Test
    void hostKeyCheckRejectsUnknownWithFingerprintAndHint() throws Exception {
        Path key = KeyTool.generate(dir, "k", "ed25519", "");
        SshTarget t = new SshTarget("web1", "127.0.0.1", 2222, "root", List.of(), dir.resolve("kh"), false, null, null, null);
        String why = new HostKeyCheck(t).decide(KeyTool.blob(key));
        assertTrue(why.contains("ssh-ed25519 " + KnownHosts.fingerprint(KeyTool.blob(key))), why);
        assertTrue(why.contains("--accept-new"), why);
        assertFalse(Files.exists(dir.resolve("kh")));
        SshTarget accept = new SshTarget("web1", "127.0.0.1", 2222, "root", List.of(), dir.resolve("kh"), true, null, null, null);
        assertNull(new HostKeyCheck(accept).decide(KeyTool.blob(key)));
        assertNull(new HostKeyCheck(t).decide(KeyTool.blob(key)), "recorded key is trusted afterwards");
    }
}
