package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.future.DefaultOpenFuture;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.ChannelOutputStream;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.ServiceFactory;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.AbstractServerChannel;

/**
 * The server side of OpenSSH's {@code direct-streamlocal@openssh.com} channel (OpenSSH PROTOCOL, section 2.4):
 * the client asks the server to connect to a UNIX socket on the host and relay bytes. The open payload is
 * {@code string socket path, string reserved, uint32 reserved}.
 *
 * <p>The simulated host "connects" only to sockets bound with {@link HostExtensions#bindUnixSocket} on a
 * {@link HostKind#XAPI} host, and only for the user root (the XAPI socket is root-only). Anything else is refused
 * as OpenSSH's sshd refuses it when connect() fails: SSH_MSG_CHANNEL_OPEN_FAILURE with reason
 * SSH_OPEN_CONNECT_FAILED and the text "open failed" (the OpenSSH client prints
 * {@code channel N: open failed: connect failed: open failed}).
 */
final class StreamLocalChannel extends AbstractServerChannel {

    static final String TYPE = "direct-streamlocal@openssh.com";

    private final SimHost host;
    private final Pipe in = new Pipe();
    private ChannelOutputStream out;

    private StreamLocalChannel(SimHost host) {
        super(TYPE, Collections.emptyList(), null);
        this.host = host;
    }

    /** The server's channel factories plus this one for {@code host} (the SimServer registration hook). */
    static List<ChannelFactory> withDefaults(List<? extends ChannelFactory> defaults, SimHost host) {
        return withDefaults(defaults, session -> host);
    }

    /** The same for a server of many hosts: {@code hostOf} picks the session's host (see {@link SimFleet}). */
    static List<ChannelFactory> withDefaults(List<? extends ChannelFactory> defaults,
            java.util.function.Function<Session, SimHost> hostOf) {
        List<ChannelFactory> l = new ArrayList<>(defaults);
        l.add(new ChannelFactory() {
            @Override
            public String getName() {
                return TYPE;
            }

            @Override
            public org.apache.sshd.common.channel.Channel createChannel(Session session) {
                return new StreamLocalChannel(hostOf.apply(session));
            }
        });
        return l;
    }

    /**
     * The server's service factories with the connection service replaced by one that words a refused
     * connect as OpenSSH's sshd does ("open failed"): MINA 2.15 sends "Generic error while opening channel: N"
     * whatever the exception says. Only SSH_OPEN_CONNECT_FAILED refusals are reworded, and only this class
     * raises those in the simulator.
     */
    static List<ServiceFactory> withOpenSshFailureText(List<? extends ServiceFactory> defaults) {
        List<ServiceFactory> l = new ArrayList<>();
        // SshServer fills in its default service factories only at start() when none are set
        for (ServiceFactory f : defaults == null ? SshServer.DEFAULT_SERVICE_FACTORIES : defaults) {
            l.add(f instanceof ServerConnectionServiceFactory ? new OpenSshWordingFactory() : f);
        }
        return l;
    }

    private static final class OpenSshWordingFactory extends ServerConnectionServiceFactory {
        @Override
        public Service create(Session session) throws IOException {
            ServerConnectionService s = new ServerConnectionService((AbstractServerSession) session) {
                @Override
                protected IoWriteFuture sendChannelOpenFailure(Buffer buffer, long sender, int reason,
                        String message, String lang) throws IOException {
                    boolean refused = reason == SshConstants.SSH_OPEN_CONNECT_FAILED
                            && message.startsWith("Generic error while opening channel");
                    return super.sendChannelOpenFailure(buffer, sender, reason, refused ? "open failed" : message,
                            lang);
                }
            };
            s.addPortForwardingEventListenerManager(this);
            return s;
        }
    }

    @Override
    protected OpenFuture doInit(Buffer buffer) {
        OpenFuture f = new DefaultOpenFuture(this, this);
        String path = buffer.getString();
        buffer.getString(); // reserved
        buffer.getUInt(); // reserved
        String user = getSession().getUsername();
        Optional<HostExtensions.UnixSocket> socket = host.kind() == HostKind.XAPI && "root".equals(user)
                ? HostExtensions.unixSocket(host, path) : Optional.empty();
        host.logCommand("[" + TYPE + " " + path + "]" + (socket.isEmpty() ? " refused" : ""));
        if (socket.isEmpty()) {
            f.setException(new SshChannelOpenException(getChannelId(), SshConstants.SSH_OPEN_CONNECT_FAILED,
                    "open failed"));
            return f;
        }
        out = new ChannelOutputStream(this, getRemoteWindow(), log, SshConstants.SSH_MSG_CHANNEL_DATA, true);
        try {
            signalChannelOpenSuccess();
            f.setOpened();
        } catch (RuntimeException e) {
            f.setException(e);
            return f;
        }
        Thread worker = new Thread(() -> serve(socket.get()), "sim-streamlocal-" + host.hostname());
        worker.setDaemon(true);
        worker.start();
        return f;
    }

    private void serve(HostExtensions.UnixSocket socket) {
        try {
            socket.serve(in, out);
            out.close(); // sends EOF
        } catch (IOException e) {
            log.debug("{}: streamlocal connection ended: {}", host.hostname(), e.toString());
        } finally {
            close(false);
        }
    }

    @Override
    protected void doWriteData(byte[] data, int off, long len) throws IOException {
        in.add(data, off, (int) len);
        getLocalWindow().release(len);
    }

    @Override
    protected void doWriteExtendedData(byte[] data, int off, long len) throws IOException {
        throw new IOException("extended data on a " + TYPE + " channel");
    }

    @Override
    public void handleEof() throws IOException {
        super.handleEof();
        in.eof();
    }

    @Override
    protected void preClose() {
        in.eof();
        super.preClose();
    }

    /** The bytes the client sent, as a blocking stream that ends at the client's EOF or at close. */
    private static final class Pipe extends InputStream {
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        private byte[] buf = new byte[0];
        private int pos;
        private boolean eof;

        synchronized void add(byte[] b, int off, int len) {
            pending.write(b, off, len);
            notifyAll();
        }

        synchronized void eof() {
            eof = true;
            notifyAll();
        }

        @Override
        public synchronized int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos >= buf.length) {
                if (pending.size() > 0) {
                    buf = pending.toByteArray();
                    pending.reset();
                    pos = 0;
                } else if (eof) {
                    return -1;
                } else {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
