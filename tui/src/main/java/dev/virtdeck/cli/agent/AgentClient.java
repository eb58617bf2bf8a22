package dev.virtdeck.cli.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The thin client: hands a command line to the user's running agent and relays its output and
 * exit code. It runs before anything else in {@code main} and uses JDK classes only, so a warm
 * call costs a JVM start and one socket round trip, not picocli, the inventory or SSH.
 *
 * <p>It never runs a command twice: once the agent has said {@code ACCEPTED}, a broken
 * connection is a failure (exit 1), never a reason to run it here.
 */
public final class AgentClient {
    /** {@link #forward}'s answer when the caller must run the command itself. */
    public static final int DIRECT = -1;
    /** {@code VIRTDECK_AGENT=off} never uses an agent. */
    public static final String MODE_ENV = "VIRTDECK_AGENT";
    public static final String NO_AGENT = "--no-agent";

    private AgentClient() {
    }

    /**
     * Runs {@code args} through the user's agent if one listens (unless {@code VIRTDECK_AGENT=off}), writing its output to {@code out} and
     * {@code err}.
     *
     * @return the command's exit code, or {@link #DIRECT}: no agent, or it does not take this
     *         command (then nothing has run; a one-line note on {@code err} says why when the
     *         agent is there but cannot serve)
     */
    public static int forward(String[] args, PrintStream out, PrintStream err) {
        if ("off".equals(System.getenv(MODE_ENV))) return DIRECT;
        return forward(args, AgentPaths.of(), out, err);
    }

    /** {@link #forward(String[], PrintStream, PrintStream)} to the agent of {@code paths}, whatever the environment says. */
    static int forward(String[] args, AgentPaths paths, PrintStream out, PrintStream err) {
        for (String a : args) {
            if (a.equals("--")) break;
            if (a.equals(NO_AGENT)) return DIRECT;
        }
        Path socket = paths.socket();
        if (!Files.exists(socket)) return DIRECT;
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            note(err, socket, "not answering (" + reason(e) + ")" + removeIfStale(paths));
            return DIRECT;
        }
        try (ch) {
            DataOutputStream req = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            Wire.Frame first;
            IOException sending = null;
            try {
                req.writeInt(Wire.MAGIC);
                req.writeInt(Wire.VERSION);
                req.writeByte(Wire.RUN);
                Wire.writeString(req, Wire.build());
                Wire.writeString(req, Path.of("").toAbsolutePath().toString());
                req.writeByte(stderrIsTerminal() ? Wire.FLAG_ERR_TERMINAL : 0);
                req.writeInt(args.length);
                for (String a : args) Wire.writeString(req, a);
                req.flush();
            } catch (IOException e) {
                sending = e; // an agent that refuses answers at once and hangs up: read why
            }
            try {
                first = Wire.readFrame(in);
            } catch (IOException e) {
                note(err, socket, "not answering (" + reason(sending != null ? sending : e) + ")");
                return DIRECT;
            }
            if (sending != null && first == null) {
                note(err, socket, "not answering (" + reason(sending) + ")");
                return DIRECT;
            }
            if (first == null) {
                note(err, socket, "closed the connection without answering");
                return DIRECT;
            }
            switch (first.type()) {
                case Wire.DIRECT:
                    return DIRECT;
                case Wire.ACCEPTED:
                    return relay(in, socket, out, err);
                case Wire.NOTE:
                    note(err, socket, first.text());
                    return DIRECT;
                default:
                    note(err, socket, "answered something this virtdeck does not understand");
                    return DIRECT;
            }
        } catch (IOException closing) {
            return DIRECT; // only close() can get here, before anything was accepted
        }
    }

    /** After ACCEPTED: the command runs in the agent; relay until its exit code. */
    private static int relay(DataInputStream in, Path socket, PrintStream out, PrintStream err) {
        try {
            while (true) {
                Wire.Frame f = Wire.readFrame(in);
                if (f == null) throw new IOException("the connection was closed");
                switch (f.type()) {
                    case Wire.OUT -> {
                        out.write(f.payload(), 0, f.payload().length);
                        out.flush();
                    }
                    case Wire.ERR -> {
                        err.write(f.payload(), 0, f.payload().length);
                        err.flush();
                    }
                    case Wire.EXIT -> {
                        return f.code();
                    }
                    default -> throw new IOException("unexpected frame " + f.type());
                }
            }
        } catch (IOException e) {
            out.flush();
            err.println("virtdeck: the agent at " + socket + " stopped answering while it ran the command ("
                    + reason(e) + "); it may be partly done, and is not run again here");
            err.flush();
            return 1;
        }
    }

    /**
     * Sends a STATUS or STOP request and copies the answer to {@code out}.
     *
     * @return the agent's exit code
     * @throws IOException no agent answers
     */
    static int control(AgentPaths paths, byte request, PrintStream out) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(paths.socket()))) {
            DataOutputStream req = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
            req.writeInt(Wire.MAGIC);
            req.writeInt(Wire.VERSION);
            req.writeByte(request);
            req.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            while (true) {
                Wire.Frame f = Wire.readFrame(in);
                if (f == null) throw new IOException("the agent closed the connection without answering");
                if (f.type() == Wire.EXIT) {
                    out.print(text.toString(java.nio.charset.StandardCharsets.UTF_8));
                    out.flush();
                    return f.code();
                }
                if (f.type() == Wire.NOTE) throw new IOException(f.text());
                text.write(f.payload());
            }
        }
    }

    /**
     * A socket nobody accepts on is stale when no agent holds its lock: then it is removed (under
     * the lock, so an agent starting meanwhile cannot lose its new socket).
     *
     * @return what was done, to append to the note
     */
    static String removeIfStale(AgentPaths paths) {
        try (FileChannel lock = FileChannel.open(paths.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = lock.tryLock();
            if (held == null) return "";
            try {
                Files.deleteIfExists(paths.socket());
                return "; removed its stale socket";
            } finally {
                held.release();
            }
        } catch (IOException | OverlappingFileLockException e) {
            return "";
        }
    }

    private static void note(PrintStream err, Path socket, String what) {
        err.println("virtdeck: agent at " + socket + " " + what + "; running directly");
        err.flush();
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) return e.getClass().getSimpleName();
        return m.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + m.substring(1);
    }

    /** Reads where fd 2 points in /proc, as the CLI's own check does (no process started). */
    static boolean stderrIsTerminal() {
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
