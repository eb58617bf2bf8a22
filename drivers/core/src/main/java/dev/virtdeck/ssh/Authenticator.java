package dev.virtdeck.ssh;

import com.hierynomus.sshj.common.KeyDecryptionFailedException;
import dev.virtdeck.error.AuthFailedException;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthKeyboardInteractive;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthNone;
import net.schmizz.sshj.userauth.method.AuthPassword;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.method.PasswordResponseProvider;
import net.schmizz.sshj.userauth.password.PasswordUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Logs in the way OpenSSH does: every ssh-agent key, then each identity file in order (asking
 * the {@link Prompter} for an encrypted key's passphrase), then a password prompt last. Keeps a
 * note of every method tried so a failure says what was attempted.
 */
final class Authenticator {
    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final SshTarget target;
    private final Prompter prompter;
    private final Path agentSocket;
    private final List<String> tried = new ArrayList<>();
    /** Public key blobs already offered (an agent key is not offered again from its file). */
    private final List<byte[]> offered = new ArrayList<>();
    private String lastFailure = "rejected";

    Authenticator(SshTarget target, Prompter prompter, Path agentSocket) {
        this.target = target;
        this.prompter = prompter;
        this.agentSocket = agentSocket;
    }

    /**
     * @throws AuthFailedException when every method failed
     * @throws TransportException  when the connection itself broke (the caller maps it)
     */
    void authenticate(SSHClient client) throws TransportException {
        String user = target.user();
        if (viaAgent(client, user) || viaKeyFiles(client, user) || viaPassword(client, user)) return;
        throw new AuthFailedException(target.name(), null, null, "authentication failed for " + who()
                + "; tried: " + (tried.isEmpty() ? "nothing (no agent, no identity file, no password)" : String.join("; ", tried)));
    }

    private boolean viaAgent(SSHClient client, String user) throws TransportException {
        if (agentSocket == null) return false;
        if (!Files.exists(agentSocket)) {
            LOG.debug("{}: SSH_AUTH_SOCK {} does not exist", target.name(), agentSocket);
            return false;
        }
        try (AgentClient agent = AgentClient.open(agentSocket)) {
            List<AgentClient.Identity> ids = agent.identities();
            if (ids.isEmpty()) return false;
            for (AgentClient.Identity id : ids) {
                offered.add(id.blob());
                if (attempt(client, user, new AgentAuthMethod(agent, id))) return true;
            }
            tried.add("ssh-agent (" + ids.size() + " key" + (ids.size() == 1 ? "" : "s") + ", none accepted)");
            return false;
        } catch (TransportException e) {
            throw e;
        } catch (IOException e) {
            tried.add("ssh-agent (" + e.getMessage() + ")");
            return false;
        }
    }

    private boolean viaKeyFiles(SSHClient client, String user) throws TransportException {
        List<Path> files = target.identityFiles() == null ? List.of() : target.identityFiles();
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                LOG.debug("{}: identity file {} not readable, skipped", target.name(), file);
                continue;
            }
            if (alreadyOffered(file)) {
                LOG.debug("{}: {} was offered by the agent already", target.name(), file);
                continue;
            }
            char[] passphrase = null;
            try {
                if (isEncrypted(file)) {
                    passphrase = prompter.passphrase(file.toString());
                    if (passphrase == null) {
                        tried.add("key " + file + " is encrypted and no terminal to ask the passphrase");
                        continue;
                    }
                }
                KeyProvider key = passphrase == null ? client.loadKeys(file.toString())
                        : client.loadKeys(file.toString(), passphrase);
                if (attempt(client, user, new AuthPublickey(key))) return true;
                tried.add("key " + file + " (" + lastFailure + ")");
            } catch (IOException e) {
                tried.add("key " + file + " (cannot load: " + e.getMessage() + ")");
            } finally {
                if (passphrase != null) Arrays.fill(passphrase, '\0');
            }
        }
        return false;
    }

    /** @return true when {@code FILE.pub} names a key the agent already offered */
    private boolean alreadyOffered(Path file) {
        Path pub = Path.of(file + ".pub");
        if (offered.isEmpty() || !Files.isReadable(pub)) return false;
        try {
            String[] f = Files.readString(pub).strip().split("\\s+");
            byte[] blob = Base64.getDecoder().decode(f[1]);
            return offered.stream().anyMatch(b -> Arrays.equals(b, blob));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean viaPassword(SSHClient client, String user) throws TransportException {
        Collection<String> allowed = client.getUserAuth().getAllowedMethods();
        if (allowed.isEmpty() && tried.isEmpty()) {
            // Nothing tried yet: ask with "none" to learn which methods the server offers.
            attempt(client, user, new AuthNone());
            allowed = client.getUserAuth().getAllowedMethods();
        }
        LOG.debug("{}: server allows {}", target.name(), allowed);
        boolean pw = allowed.contains("password");
        boolean kbd = allowed.contains("keyboard-interactive");
        if (!pw && !kbd) return false;
        char[] password = prompter.password(who());
        if (password == null) {
            tried.add("password (no terminal to ask it)");
            return false;
        }
        try {
            if (pw && attempt(client, user, new AuthPassword(PasswordUtils.createOneOff(password.clone())))) return true;
            if (kbd && attempt(client, user, new AuthKeyboardInteractive(
                    new PasswordResponseProvider(PasswordUtils.createOneOff(password.clone()))))) return true;
            tried.add("password (rejected)");
            return false;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** @return true on success; false when the server said no (reason kept in lastFailure) */
    private boolean attempt(SSHClient client, String user, AuthMethod method) throws TransportException {
        try {
            client.auth(user, method);
            LOG.debug("{}: authenticated as {} with {}", target.name(), user, method);
            return true;
        } catch (UserAuthException e) {
            lastFailure = reason(e);
            LOG.debug("{}: {} failed: {}", target.name(), method, lastFailure);
            return false;
        }
    }

    private static String reason(UserAuthException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KeyDecryptionFailedException) return "wrong passphrase";
        }
        return "rejected";
    }

    private String who() {
        return target.user() + "@" + target.hostname() + (target.port() == 22 ? "" : ":" + target.port());
    }

    /** @return true when the private key file needs a passphrase (OpenSSH v1, PEM, PKCS#8, PuTTY) */
    static boolean isEncrypted(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        String begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
        int b = text.indexOf(begin);
        if (b >= 0) {
            int e = text.indexOf("-----END", b + begin.length());
            if (e < 0) return false;
            byte[] raw = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
            ByteBuffer buf = ByteBuffer.wrap(raw);
            String magic = "openssh-key-v1\0";
            if (raw.length < magic.length() + 4) return false;
            buf.position(magic.length());
            int len = buf.getInt();
            if (len < 0 || len > buf.remaining()) return false;
            return !new String(raw, buf.position(), len, StandardCharsets.US_ASCII).equals("none");
        }
        if (text.startsWith("PuTTY-User-Key-File")) return !text.contains("Encryption: none");
        return text.contains("ENCRYPTED");
    }
}
