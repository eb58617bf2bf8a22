package dev.virtdeck.ssh;

import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

/**
 * sshj's missing {@code direct-streamlocal@openssh.com} channel: a byte stream to a UNIX socket on
 * the server, the UNIX-socket analogue of {@code direct-tcpip} (sshj's DirectConnection). OpenSSH's
 * PROTOCOL file, section 2.4: the open request carries the socket path, then a reserved string
 * ("") and a reserved uint32 (0). OpenSSH serves it when {@code AllowStreamLocalForwarding} allows
 * ("yes", the default) and connects to the socket as the logged-in user.
 */
final class DirectStreamLocal extends AbstractDirectChannel {
    static final String TYPE = "direct-streamlocal@openssh.com";

    private final String socketPath;

    DirectStreamLocal(Connection conn, String socketPath) {
        super(conn, TYPE);
        this.socketPath = socketPath;
    }

    String socketPath() {
        return socketPath;
    }

    @Override
    protected SSHPacket buildOpenReq() {
        return super.buildOpenReq()
                .putString(socketPath)
                .putString("")
                .putUInt32(0);
    }
}
