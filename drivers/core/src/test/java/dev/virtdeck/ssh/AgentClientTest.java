package dev.virtdeck.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our agent protocol client against a real OpenSSH ssh-agent (no network needed). */
class AgentClientTest {
    @TempDir
    Path dir;

    @Test
    void listsIdentitiesInOrderWithComments() throws Exception {
        Path ed = KeyTool.generate(dir, "ed", "ed25519", "");
        Path rsa = KeyTool.generate(dir, "rsa", "rsa", "");
        try (TestAgent agent = TestAgent.start(dir); AgentClient client = AgentClient.open(agent.socket)) {
            assertEquals(List.of(), client.identities());
            agent.add(ed);
            agent.add(rsa);
            List<AgentClient.Identity> ids = client.identities();
            assertEquals(2, ids.size());
            assertArrayEquals(KeyTool.blob(ed), ids.get(0).blob());
            assertEquals("ssh-ed25519", ids.get(0).type());
            assertEquals("ed", ids.get(0).comment());
            assertArrayEquals(KeyTool.blob(rsa), ids.get(1).blob());
            assertEquals("ssh-rsa", ids.get(1).type());
        }
    }

    @Test
    void rsaSignaturesUseTheRequestedSha2AndVerify() throws Exception {
        Path rsa = KeyTool.generate(dir, "rsa", "rsa", "");
        byte[] data = "session-id and request".getBytes(StandardCharsets.UTF_8);
        try (TestAgent agent = TestAgent.start(dir); AgentClient client = AgentClient.open(agent.socket)) {
            agent.add(rsa);
            byte[] blob = client.identities().get(0).blob();
            for (String alg : List.of("rsa-sha2-512", "rsa-sha2-256")) {
                ByteBuffer sig = ByteBuffer.wrap(client.sign(blob, data, AgentAuthMethod.flags(alg)));
                assertEquals(alg, new String(string(sig), StandardCharsets.US_ASCII));
                Signature v = Signature.getInstance(alg.endsWith("512") ? "SHA512withRSA" : "SHA256withRSA");
                v.initVerify(rsaKey(blob));
                v.update(data);
                assertTrue(v.verify(string(sig)), alg + " signature must verify with the public key");
            }
        }
    }

    @Test
    void signingWithAKeyTheAgentLacksFails() throws Exception {
        Path ed = KeyTool.generate(dir, "ed", "ed25519", "");
        try (TestAgent agent = TestAgent.start(dir); AgentClient client = AgentClient.open(agent.socket)) {
            var e = assertThrows(java.io.IOException.class, () -> client.sign(KeyTool.blob(ed), new byte[]{1}, 0));
            assertTrue(e.getMessage().contains("refused to sign"), e.getMessage());
        }
    }

    @Test
    void missingSocketIsAClearError() {
        var e = assertThrows(java.io.IOException.class, () -> AgentClient.open(dir.resolve("nope.sock")));
        assertTrue(e.getMessage().contains("cannot reach ssh-agent at"), e.getMessage());
    }

    private static byte[] string(ByteBuffer b) {
        byte[] s = new byte[b.getInt()];
        b.get(s);
        return s;
    }

    private static PublicKey rsaKey(byte[] blob) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(blob);
        string(b); // "ssh-rsa"
        BigInteger e = new BigInteger(string(b));
        BigInteger n = new BigInteger(string(b));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }
}
