package dev.virtdeck.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SSH server on 127.0.0.1 (random port, in-memory ed25519 host key) serving ONE {@link SimHost}: exec
 * requests run through the host's emulated shell, PTY requests are honoured (consoles), and only public-key
 * authentication with an authorized key is accepted (any user name). Start one server per simulated host.
 *
 * <pre>{@code
 * try (SimServer server = SimServer.start(host, authorizedKeysLine)) {
 *     Files.writeString(knownHosts, server.hostKeyLine() + "\n");
 *     // ssh -p server.port() -o UserKnownHostsFile=knownHosts root@127.0.0.1 ...
 * }
 * }</pre>
 */
public final class SimServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(SimServer.class);

    private final SimHost host;
    private final SshServer sshd;
    private final TcpFront front;
    private final KeyPair hostKey;

    private SimServer(SimHost host, SshServer sshd, TcpFront front, KeyPair hostKey) {
        this.host = host;
        this.sshd = sshd;
        this.front = front;
        this.hostKey = hostKey;
    }

    /** @return a fresh in-memory ed25519 host key */
    static KeyPair newHostKey() throws IOException {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate an ed25519 host key", e);
        }
    }

    /** Binds 127.0.0.1 (port chosen at start), serves {@code hostKey}, accepts only the authorized public keys. */
    static void keysOnly(SshServer sshd, KeyPair hostKey, List<PublicKey> authorized) {
        List<PublicKey> keys = List.copyOf(authorized);
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setPublickeyAuthenticator((user, key, session) ->
                keys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
    }

    /** Starts a server for {@code host} that accepts the given public keys. */
    public static SimServer start(SimHost host, List<PublicKey> authorized) throws IOException {
        KeyPair hostKey = newHostKey();
        SshServer sshd = SshServer.setUpDefaultServer();
        keysOnly(sshd, hostKey, authorized);
        sshd.setCommandFactory((channel, command) -> new SimCommand(host, command));
        sshd.setShellFactory(channel -> new SimCommand(host, null));
        sshd.setChannelFactories(StreamLocalChannel.withDefaults(sshd.getChannelFactories(), host));
        sshd.setServiceFactories(StreamLocalChannel.withOpenSshFailureText(sshd.getServiceFactories()));
        sshd.start();
        TcpFront front;
        try {
            front = new TcpFront(host, sshd.getPort());
        } catch (IOException e) {
            sshd.stop(true);
            throw e;
        }
        LOG.info("simulated host {} on 127.0.0.1:{}", host, front.port());
        return new SimServer(host, sshd, front, hostKey);
    }

    /** Starts a server accepting the keys of OpenSSH authorized_keys lines (e.g. the content of id_ed25519.pub). */
    public static SimServer start(SimHost host, String... authorizedKeysLines) throws IOException {
        List<PublicKey> keys = new ArrayList<>();
        for (String line : authorizedKeysLines) {
            keys.add(parseAuthorizedKey(line));
        }
        return start(host, keys);
    }

    static PublicKey parseAuthorizedKey(String line) throws IOException {
        try {
            AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.trim());
            if (entry == null) {
                throw new IOException("not an authorized_keys line: " + line);
            }
            return entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("cannot parse authorized key: " + line, e);
        }
    }

    /** The simulated host this server serves. */
    public SimHost host() {
        return host;
    }

    /** The public TCP port on 127.0.0.1. */
    public int port() {
        return front.port();
    }

    /** The server's host key as an OpenSSH public key ({@code ssh-ed25519 AAAA...}). */
    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** A known_hosts line for this server: {@code [127.0.0.1]:PORT ssh-ed25519 AAAA...}. */
    public String hostKeyLine() {
        return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(hostKey.getPublic());
    }

    @Override
    public void close() {
        front.close();
        try {
            sshd.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
