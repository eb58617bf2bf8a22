package dev.virtdeck.ssh;

import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

/**
 * Checks the server's host key against the target's known_hosts like OpenSSH with
 * {@code StrictHostKeyChecking=yes} (or {@code accept-new} when the target says so). sshj only
 * sees true/false, so the reason for a refusal is kept in {@link #rejection()} for the error.
 * One instance per connection attempt.
 */
final class HostKeyCheck implements HostKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeyCheck.class);

    private final SshTarget target;
    private volatile String rejection;

    HostKeyCheck(SshTarget target) {
        this.target = target;
    }

    /** @return why the key was refused, or null when it was not */
    String rejection() {
        return rejection;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        byte[] blob = new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
        try {
            rejection = decide(blob);
        } catch (IOException | RuntimeException e) {
            rejection = "cannot check host key against " + target.knownHosts() + ": " + e.getMessage();
        }
        return rejection == null;
    }

    /** @return null when the key is trusted (possibly after recording it), else the refusal */
    String decide(byte[] blob) throws IOException {
        Path file = target.knownHosts();
        String host = target.hostname();
        int port = target.port();
        String type = KnownHosts.keyType(blob);
        String fp = KnownHosts.fingerprint(blob);
        KnownHosts.Verdict v = KnownHosts.load(file).check(host, port, blob);
        switch (v.status()) {
            case KNOWN:
                LOG.debug("{}: host key {} {} matches {}:{}", target.name(), type, fp, file, v.entry().line());
                return null;
            case REVOKED:
                return "host key " + type + " " + fp + " for " + KnownHosts.hostToken(host, port)
                        + " is marked @revoked in " + file + ":" + v.entry().line();
            case CHANGED:
                return "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The " + type + " host key for "
                        + KnownHosts.hostToken(host, port) + " is now " + fp + " but " + file + ":"
                        + v.entry().line() + " holds a different " + v.entry().keyType() + " key ("
                        + KnownHosts.fingerprint(v.entry().blob()) + "). Someone could be eavesdropping"
                        + " (man-in-the-middle), or the host key was replaced. Refused even with --accept-new;"
                        + " if the change is expected, remove line " + v.entry().line() + " from " + file + ".";
            default:
                if (target.acceptNew()) {
                    KnownHosts.append(file, host, port, blob);
                    LOG.debug("{}: accepted new host key {} {}, added to {}", target.name(), type, fp, file);
                    return null;
                }
                return "host key for " + KnownHosts.hostToken(host, port) + " is unknown: " + type + " " + fp
                        + " (not in " + file + "). Verify the fingerprint, then connect once with --accept-new"
                        + " to trust it and record it in that file.";
        }
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        try {
            return KnownHosts.load(target.knownHosts()).knownAlgorithms(target.hostname(), target.port());
        } catch (IOException e) {
            LOG.debug("{}: cannot read {}: {}", target.name(), target.knownHosts(), e.toString());
            return List.of(); // verify() reports the problem
        }
    }
}
