package dev.virtdeck.ssh;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal ssh-agent client (draft-miller-ssh-agent): list identities and ask for signatures
 * over the agent's Unix-domain socket. sshj has no agent support; this is all we need of it.
 * Requests are serialized on one socket.
 */
final class AgentClient implements Closeable {
    static final int SSH_AGENT_FAILURE = 5;
    static final int SSH2_AGENTC_REQUEST_IDENTITIES = 11;
    static final int SSH2_AGENT_IDENTITIES_ANSWER = 12;
    static final int SSH2_AGENTC_SIGN_REQUEST = 13;
    static final int SSH2_AGENT_SIGN_RESPONSE = 14;
    /** Sign-request flags selecting the RSA signature hash. */
    static final int SSH_AGENT_RSA_SHA2_256 = 2;
    static final int SSH_AGENT_RSA_SHA2_512 = 4;

    private static final int MAX_MESSAGE = 256 * 1024;

    /** A key the agent holds: its public key blob and comment (often the file it came from). */
    record Identity(byte[] blob, String comment) {
        String type() {
            return KnownHosts.keyType(blob);
        }

        @Override
        public String toString() {
            return type() + " " + KnownHosts.fingerprint(blob) + " " + comment;
        }
    }

    private final Path socket;
    private final SocketChannel channel;

    private AgentClient(Path socket, SocketChannel channel) {
        this.socket = socket;
        this.channel = channel;
    }

    static AgentClient open(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot reach ssh-agent at " + socket + ": " + e.getMessage(), e);
        }
        return new AgentClient(socket, ch);
    }

    /** @return the agent's keys, in the agent's order */
    synchronized List<Identity> identities() throws IOException {
        ByteBuffer reply = request(new Packet(SSH2_AGENTC_REQUEST_IDENTITIES));
        expect(reply, SSH2_AGENT_IDENTITIES_ANSWER, "list identities");
        int n = reply.getInt();
        List<Identity> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] blob = string(reply);
            ids.add(new Identity(blob, new String(string(reply), StandardCharsets.UTF_8)));
        }
        return ids;
    }

    /** @return the signature blob ({@code string alg, string sig}) over {@code data} */
    synchronized byte[] sign(byte[] keyBlob, byte[] data, int flags) throws IOException {
        Packet p = new Packet(SSH2_AGENTC_SIGN_REQUEST).putString(keyBlob).putString(data).putInt(flags);
        ByteBuffer reply = request(p);
        expect(reply, SSH2_AGENT_SIGN_RESPONSE, "sign");
        return string(reply);
    }

    private ByteBuffer request(Packet p) throws IOException {
        ByteBuffer out = p.framed();
        while (out.hasRemaining()) channel.write(out);
        ByteBuffer len = readFully(4);
        int n = len.getInt();
        if (n <= 0 || n > MAX_MESSAGE) throw new IOException("ssh-agent at " + socket + ": bad reply length " + n);
        return readFully(n);
    }

    private ByteBuffer readFully(int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (channel.read(b) < 0) throw new EOFException("ssh-agent at " + socket + " closed the connection");
        }
        return b.flip();
    }

    private void expect(ByteBuffer reply, int type, String what) throws IOException {
        int got = reply.get() & 0xff;
        if (got == type) return;
        throw new IOException("ssh-agent at " + socket + " refused to " + what
                + (got == SSH_AGENT_FAILURE ? "" : " (reply type " + got + ")"));
    }

    private static byte[] string(ByteBuffer b) throws IOException {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) throw new IOException("ssh-agent: malformed reply");
        byte[] s = new byte[n];
        b.get(s);
        return s;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** An outgoing agent message, framed with its length on send. */
    private static final class Packet {
        private ByteBuffer buf = ByteBuffer.allocate(1024);

        Packet(int type) {
            buf.put((byte) type);
        }

        Packet putInt(int v) {
            ensure(4);
            buf.putInt(v);
            return this;
        }

        Packet putString(byte[] s) {
            ensure(4 + s.length);
            buf.putInt(s.length).put(s);
            return this;
        }

        private void ensure(int n) {
            if (buf.remaining() >= n) return;
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }

        ByteBuffer framed() {
            ByteBuffer out = ByteBuffer.allocate(4 + buf.position());
            out.putInt(buf.position()).put(buf.array(), 0, buf.position());
            return out.flip();
        }
    }
}
