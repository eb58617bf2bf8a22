package dev.virtdeck.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * A fresh ed25519 client key pair made with the JDK alone (no ssh-keygen needed), written in the formats
 * OpenSSH and sshj read: the private key as an unencrypted {@code openssh-key-v1} file, the public key as an
 * authorized_keys line.
 */
final class DemoKeys {
    private static final String TYPE = "ssh-ed25519";

    private final byte[] publicKey;   // 32 bytes, the encoded curve point
    private final byte[] seed;        // 32 bytes, the private scalar seed

    private DemoKeys(byte[] publicKey, byte[] seed) {
        this.publicKey = publicKey;
        this.seed = seed;
    }

    /** Generates a new key pair. */
    static DemoKeys generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            // X.509 SubjectPublicKeyInfo of Ed25519 is a fixed 12-byte header followed by the raw 32-byte key
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] pub = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            byte[] seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                    .orElseThrow(() -> new IllegalStateException("the JDK did not expose the ed25519 seed"));
            return new DemoKeys(pub, seed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make ed25519 keys", e);
        }
    }

    /** {@code ssh-ed25519 AAAA... COMMENT}, as in id_ed25519.pub and authorized_keys. */
    String authorizedKeyLine(String comment) {
        return TYPE + " " + Base64.getEncoder().encodeToString(publicBlob()) + " " + comment;
    }

    /** Writes the private key (mode 0600 where the file system has POSIX permissions) and the .pub file. */
    void write(Path privateKey, String comment) throws IOException {
        try {
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(privateKey);
        }
        Files.writeString(privateKey, privateKeyPem(comment));
        Files.writeString(privateKey.resolveSibling(privateKey.getFileName() + ".pub"), authorizedKeyLine(comment) + "\n");
    }

    /** The {@code -----BEGIN OPENSSH PRIVATE KEY-----} file content (PROTOCOL.key, no cipher, no KDF). */
    String privateKeyPem(String comment) {
        Buf priv = new Buf();
        int check = new SecureRandom().nextInt();
        priv.u32(check).u32(check);
        priv.string(TYPE).string(publicKey);
        byte[] secret = new byte[64]; // OpenSSH stores seed || public key
        System.arraycopy(seed, 0, secret, 0, 32);
        System.arraycopy(publicKey, 0, secret, 32, 32);
        priv.string(secret).string(comment);
        for (int pad = 1; priv.size() % 8 != 0; pad++) priv.out.write(pad);

        Buf file = new Buf();
        file.out.writeBytes("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII));
        file.string("none").string("none").string(new byte[0]).u32(1);
        file.string(publicBlob()).string(priv.out.toByteArray());
        String b64 = Base64.getMimeEncoder(70, new byte[] {'\n'}).encodeToString(file.out.toByteArray());
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + b64 + "\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    private byte[] publicBlob() {
        return new Buf().string(TYPE).string(publicKey).out.toByteArray();
    }

    /** SSH wire encoding: big-endian uint32 and length-prefixed strings. */
    private static final class Buf {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf u32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Buf string(byte[] b) {
            u32(b.length);
            out.writeBytes(b);
            return this;
        }

        Buf string(String s) {
            return string(s.getBytes(StandardCharsets.UTF_8));
        }

        int size() {
            return out.size();
        }
    }
}
