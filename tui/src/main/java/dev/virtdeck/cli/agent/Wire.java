package dev.virtdeck.cli.agent;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The agent's protocol on its UNIX socket. JDK classes only (the thin client uses it).
 *
 * <pre>
 * client -> agent   int MAGIC, int VERSION, byte request
 *                   RUN:    str build, str cwd, byte flags (1 = stderr is a terminal), int n, n x str arg
 *                   STATUS, STOP: nothing more
 * agent -> client   frames: byte type, int length, length bytes
 *                   RUN:    DIRECT | NOTE (then nothing) or ACCEPTED, OUT/ERR..., EXIT
 *                   STATUS, STOP: OUT..., EXIT
 * str = int length + UTF-8 bytes
 * </pre>
 *
 * The magic, the version and the first frame's layout never change, so any two builds can tell
 * each other apart; anything else may change with {@link #VERSION}.
 */
final class Wire {
    static final int MAGIC = 0x56444147; // "VDAG"
    static final int VERSION = 1;

    static final byte RUN = 1;
    static final byte STATUS = 2;
    static final byte STOP = 3;

    /** The agent does not run this command line: the client runs it itself, saying nothing. */
    static final byte DIRECT = 'D';
    /** The agent cannot serve this client (payload: why): the client says so and runs directly. */
    static final byte NOTE = 'N';
    /** The agent runs the command: from here on, the client must never run it itself. */
    static final byte ACCEPTED = 'A';
    static final byte OUT = 'O';
    static final byte ERR = 'E';
    /** Payload: the exit code, 4 bytes. */
    static final byte EXIT = 'X';

    static final byte FLAG_ERR_TERMINAL = 1;

    /** Longest frame or string accepted: a bound against a confused peer. */
    static final int MAX_LENGTH = 16 << 20;

    private Wire() {
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String readString(DataInputStream in) throws IOException {
        return new String(readBytes(in, in.readInt()), StandardCharsets.UTF_8);
    }

    static byte[] readBytes(DataInputStream in, int n) throws IOException {
        if (n < 0 || n > MAX_LENGTH) throw new IOException("bad length " + n);
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    static void writeFrame(DataOutputStream out, byte type, byte[] payload, int off, int len) throws IOException {
        out.writeByte(type);
        out.writeInt(len);
        out.write(payload, off, len);
        out.flush();
    }

    static void writeFrame(DataOutputStream out, byte type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        writeFrame(out, type, b, 0, b.length);
    }

    static void writeExit(DataOutputStream out, int code) throws IOException {
        out.writeByte(EXIT);
        out.writeInt(4);
        out.writeInt(code);
        out.flush();
    }

    /** A frame read from the agent; null type at end of stream. */
    record Frame(byte type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int code() {
            return ((payload[0] & 0xff) << 24) | ((payload[1] & 0xff) << 16) | ((payload[2] & 0xff) << 8) | (payload[3] & 0xff);
        }
    }

    /** @return the next frame, or null at a clean end of stream (between frames) */
    static Frame readFrame(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) return null;
        int len;
        try {
            len = in.readInt();
        } catch (EOFException e) {
            throw new EOFException("the connection ended inside a frame");
        }
        byte[] payload = readBytes(in, len);
        if (type == EXIT && len != 4) throw new IOException("bad exit frame");
        return new Frame((byte) type, payload);
    }

    /**
     * Writes straight to the channel. Not {@code Channels.newOutputStream}: its streams take the
     * channel's blocking lock, which a thread blocked in a read holds, so one thread could never
     * write while another waits for the client to hang up.
     */
    static java.io.OutputStream output(java.nio.channels.SocketChannel ch) {
        return new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) ch.write(buf);
            }
        };
    }

    /**
     * The identity of this build: the class path's entries as absolute paths, each jar with its
     * size and time (a rebuilt jar is another build; a class directory is not checked).
     */
    static String build() {
        StringBuilder sb = new StringBuilder();
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            java.io.File f = new java.io.File(entry).getAbsoluteFile();
            sb.append(f.getPath());
            if (f.isFile()) sb.append('|').append(f.length()).append('@').append(f.lastModified());
            sb.append(java.io.File.pathSeparatorChar);
        }
        return sb.toString();
    }
}
