package dev.virtdeck.ssh;

import com.hierynomus.sshj.key.KeyAlgorithm;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

import java.io.IOException;
import java.util.List;

/**
 * sshj "publickey" authentication with one key held by ssh-agent: the same feeler-then-signed
 * exchange as sshj's {@code AuthPublickey}, except the agent signs (the private key never leaves
 * it). RSA keys sign with rsa-sha2-512/256 when the server accepts them (OpenSSH refuses SHA-1).
 */
final class AgentAuthMethod extends AbstractAuthMethod {
    private final AgentClient agent;
    private final AgentClient.Identity identity;

    AgentAuthMethod(AgentClient agent, AgentClient.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return putKey(super.buildReq().putBoolean(false));
    }

    @Override
    public void handle(Message cmd, SSHPacket buf) throws UserAuthException, TransportException {
        if (cmd != Message.USERAUTH_60) {
            super.handle(cmd, buf);
            return;
        }
        SSHPacket req = putKey(super.buildReq().putBoolean(true));
        byte[] data = new Buffer.PlainBuffer()
                .putString(params.getTransport().getSessionID())
                .putBuffer(req)
                .getCompactData();
        try {
            req.putString(agent.sign(identity.blob(), data, flags(algorithm())));
        } catch (IOException e) {
            throw new UserAuthException("ssh-agent could not sign with " + identity, e);
        }
        params.getTransport().write(req);
    }

    private SSHPacket putKey(SSHPacket req) throws UserAuthException {
        req.putString(algorithm()).putString(identity.blob());
        return req;
    }

    /** @return the signature algorithm to announce: the key type, or the best RSA-SHA2 variant */
    private String algorithm() throws UserAuthException {
        String type = identity.type();
        if (!type.equals("ssh-rsa")) return type;
        try {
            List<KeyAlgorithm> algs = params.getTransport().getClientKeyAlgorithms(KeyType.RSA);
            return algs.isEmpty() ? "rsa-sha2-256" : algs.get(0).getKeyAlgorithm();
        } catch (TransportException e) {
            throw new UserAuthException("no signature algorithm for " + identity, e);
        }
    }

    static int flags(String algorithm) {
        return switch (algorithm) {
            case "rsa-sha2-512" -> AgentClient.SSH_AGENT_RSA_SHA2_512;
            case "rsa-sha2-256" -> AgentClient.SSH_AGENT_RSA_SHA2_256;
            default -> 0;
        };
    }

    @Override
    public String toString() {
        return "ssh-agent key " + identity;
    }
}
