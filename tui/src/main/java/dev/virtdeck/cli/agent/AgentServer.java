package dev.virtdeck.cli.agent;

import dev.virtdeck.cli.AgentGate;
import dev.virtdeck.cli.Env;
import dev.virtdeck.cli.FleetFactory;
import dev.virtdeck.cli.Main;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent: a per-user UNIX socket server that runs CLI command lines in-process over fleets
 * it keeps open, like OpenSSH's ControlPersist. It stops after {@code idle} without a command
 * (removing its socket), or when asked.
 *
 * <p>Its socket's directory is made 0700 and the socket 0600 before anything is accepted, and
 * a peer whose user (SO_PEERCRED) is not the socket's owner is refused.
 */
public final class AgentServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentServer.class);
    /** A client must send its whole request within this. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long a stop waits for running commands to finish before closing their fleets. */
    private static final Duration DRAIN = Duration.ofSeconds(60);

    private final AgentPaths paths;
    private final Duration idle;
    private final SharedFleets fleets;
    private final Path sshConfig;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "virtdeck-agent-timer"));
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final long startedAt = System.nanoTime();
    private volatile long lastUsed = System.nanoTime();
    private volatile boolean stopping;
    private volatile UserPrincipal owner;
    private FileChannel lockFile;
    private FileLock lock;
    private ServerSocketChannel server;

    /**
     * @param idle      stop after this long without a command; zero: never
     * @param base      makes the real fleets (the CLI's own factory)
     * @param sshConfig the OpenSSH client config the commands honour
     */
    public AgentServer(AgentPaths paths, Duration idle, FleetFactory base, Path sshConfig) {
        this.paths = paths;
        this.idle = idle;
        this.fleets = new SharedFleets(base);
        this.sshConfig = sshConfig;
    }

    /**
     * The real fleets, as the CLI makes them, except that their SSH pool lets a changed target
     * (an edited jump host) replace the held connection of its name.
     */
    public static FleetFactory fleets() {
        dev.virtdeck.fleet.DefaultDriverOpener opener = new dev.virtdeck.fleet.DefaultDriverOpener();
        return (options, trace, prompter) -> {
            dev.virtdeck.ssh.SshPool pool = new dev.virtdeck.ssh.SshPool(trace, prompter).replacingChangedTargets();
            return new dev.virtdeck.fleet.Fleet(options, pool::connect, opener, trace, pool);
        };
    }

    /** Thrown by {@link #start} when another agent already serves that socket. */
    public static final class AlreadyRunning extends IOException {
        AlreadyRunning(Path socket) {
            super("an agent already listens on " + socket);
        }
    }

    /** Takes the lock, binds the socket (0600 in a 0700 directory) and starts serving. */
    public AgentServer start() throws IOException {
        paths.preparePrivateDir();
        lockFile = FileChannel.open(paths.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockFile.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
            lock = null; // held by an agent of this very process (tests)
        }
        if (lock == null) {
            lockFile.close();
            throw new AlreadyRunning(paths.socket());
        }
        Files.deleteIfExists(paths.socket()); // ours to remove: no live agent holds the lock
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(paths.socket()));
        Files.setPosixFilePermissions(paths.socket(), AgentPaths.SOCKET_MODE);
        if (!Files.getPosixFilePermissions(paths.socket(), LinkOption.NOFOLLOW_LINKS).equals(AgentPaths.SOCKET_MODE)) {
            close();
            throw new IOException("cannot make " + paths.socket() + " private (0600)");
        }
        owner = Files.getOwner(paths.socket(), LinkOption.NOFOLLOW_LINKS);
        Thread accept = new Thread(this::acceptLoop, "virtdeck-agent-accept");
        accept.setDaemon(true);
        accept.start();
        if (!idle.isZero()) timer.scheduleWithFixedDelay(this::checkIdle, 200, 200, TimeUnit.MILLISECONDS);
        log.info("agent listening on {} (idle timeout {})", paths.socket(), idle);
        return this;
    }

    public AgentPaths paths() {
        return paths;
    }

    /** Tests: act as if the socket belonged to {@code user} (to see another user refused). */
    void expectOwner(UserPrincipal user) {
        owner = user;
    }

    /** Waits until the agent has stopped (idle timeout, a stop request, {@link #close}). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitStopped(Duration d) throws InterruptedException {
        return stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return connection attempts made by the held fleets so far */
    public int connectionsOpened() {
        return fleets.connectionsOpened();
    }

    private void acceptLoop() {
        while (!stopping) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (!stopping) log.warn("agent: accept failed", e);
                return;
            }
            Thread t = new Thread(() -> serve(ch), "virtdeck-agent-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void checkIdle() {
        if (stopping || active.get() > 0) return;
        if (System.nanoTime() - lastUsed >= idle.toNanos()) {
            log.info("agent: idle for {}, stopping", idle);
            stopInBackground();
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch)));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Wire.output(ch)));
            UnixDomainPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            if (!peer.user().equals(owner)) {
                log.warn("agent: refused a connection from user {}", peer.user().getName());
                Wire.writeFrame(out, Wire.NOTE, "refuses connections from user " + peer.user().getName()
                        + " (it serves " + owner.getName() + " only)");
                return;
            }
            ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(ch), REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            int magic = in.readInt();
            int version = in.readInt();
            if (magic != Wire.MAGIC || version != Wire.VERSION) {
                deadline.cancel(false);
                Wire.writeFrame(out, Wire.NOTE, magic != Wire.MAGIC ? "got a request it does not understand"
                        : "speaks protocol " + Wire.VERSION + ", this virtdeck " + version);
                return;
            }
            byte request = in.readByte();
            switch (request) {
                case Wire.RUN -> run(ch, in, out, deadline);
                case Wire.STATUS -> {
                    deadline.cancel(false);
                    Wire.writeFrame(out, Wire.OUT, status());
                    Wire.writeExit(out, 0);
                }
                case Wire.STOP -> {
                    deadline.cancel(false);
                    Wire.writeFrame(out, Wire.OUT, "agent at " + paths.socket() + " (pid " + ProcessHandle.current().pid()
                            + ") stopped\n");
                    stopNow();
                    Wire.writeExit(out, 0);
                }
                default -> {
                    deadline.cancel(false);
                    Wire.writeFrame(out, Wire.NOTE, "got an unknown request " + request);
                }
            }
        } catch (IOException e) {
            log.debug("agent: client connection: {}", e.toString());
        }
    }

    private void run(SocketChannel ch, DataInputStream in, DataOutputStream out, ScheduledFuture<?> deadline)
            throws IOException {
        String build = Wire.readString(in);
        Path cwd = Path.of(Wire.readString(in));
        boolean errTerminal = (in.readByte() & Wire.FLAG_ERR_TERMINAL) != 0;
        int n = in.readInt();
        if (n < 0 || n > 100_000) throw new IOException("bad argument count " + n);
        String[] args = new String[n];
        for (int i = 0; i < n; i++) args[i] = Wire.readString(in);
        deadline.cancel(false);
        if (!build.equals(Wire.build())) {
            Wire.writeFrame(out, Wire.NOTE, "runs another build of virtdeck (`virtdeck agent stop`, then start it again)");
            return;
        }
        AgentGate.Decision d = AgentGate.decide(args, cwd);
        if (d.direct() != null) {
            log.debug("agent: left to the client ({}): {}", d.direct(), List.of(args));
            Wire.writeFrame(out, Wire.DIRECT, d.direct());
            return;
        }
        active.incrementAndGet();
        try {
            if (stopping) {
                Wire.writeFrame(out, Wire.NOTE, "is stopping");
                return;
            }
            Wire.writeFrame(out, Wire.ACCEPTED, "");
            commands.incrementAndGet();
            Thread command = Thread.currentThread();
            Thread watch = new Thread(() -> interruptOnHangUp(ch, command), "virtdeck-agent-watch");
            watch.setDaemon(true);
            watch.start();
            FrameStream outFrames = new FrameStream(out, Wire.OUT);
            FrameStream errFrames = new FrameStream(out, Wire.ERR);
            PrintStream o = new PrintStream(outFrames, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(errFrames, true, StandardCharsets.UTF_8);
            Env env = new Env(InputStream.nullInputStream(), o, e, false, fleets.forCommand(d.inventory(), d.knownHosts()),
                    sshConfig, errTerminal, cwd);
            int code;
            try {
                code = Main.run(args, env);
            } catch (RuntimeException | Error x) {
                log.error("agent: command failed", x);
                e.println("virtdeck: internal error in the agent: " + x + " (details in the log)");
                code = 1;
            }
            o.flush();
            e.flush();
            Thread.interrupted(); // a hang-up's interrupt must not close the channel under the exit frame
            synchronized (out) {
                Wire.writeExit(out, code);
            }
            watch.interrupt();
        } finally {
            lastUsed = System.nanoTime();
            active.decrementAndGet();
        }
    }

    /** The client went away (Ctrl-C): interrupt its command, as the signal would in a direct run. */
    private static void interruptOnHangUp(SocketChannel ch, Thread command) {
        try {
            if (ch.read(java.nio.ByteBuffer.allocate(1)) < 0) command.interrupt();
        } catch (java.nio.channels.ClosedByInterruptException done) {
            // the command ended: nothing to do
        } catch (IOException e) {
            command.interrupt();
        }
    }

    private String status() {
        long now = System.nanoTime();
        StringBuilder sb = new StringBuilder();
        sb.append("agent: pid ").append(ProcessHandle.current().pid()).append(", listening on ").append(paths.socket()).append('\n');
        sb.append("uptime: ").append(human(Duration.ofNanos(now - startedAt)));
        if (idle.isZero()) {
            sb.append(", no idle timeout");
        } else {
            Duration left = idle.minus(Duration.ofNanos(now - lastUsed));
            sb.append(", idle timeout ").append(human(idle)).append(active.get() > 0 ? " (commands running)"
                    : ", stops in " + human(left.isNegative() ? Duration.ZERO : left) + " unless used");
        }
        sb.append('\n');
        sb.append("commands run: ").append(commands.get()).append(", running: ").append(active.get())
                .append(", connections opened: ").append(fleets.connectionsOpened()).append('\n');
        List<String> held = fleets.describe();
        sb.append("hosts held: ").append(held.size()).append('\n');
        for (String h : held) sb.append("  ").append(h).append('\n');
        return sb.toString();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) return s + "s";
        if (s < 3600) return s / 60 + "m" + (s % 60 == 0 ? "" : " " + s % 60 + "s");
        return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + "m");
    }

    private void stopInBackground() {
        Thread t = new Thread(this::stopNow, "virtdeck-agent-stop");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Stops taking commands and removes the socket at once, lets running commands finish (up to
     * a minute), then closes the held connections and releases the lock. Idempotent.
     */
    private void stopNow() {
        synchronized (this) {
            if (stopping) return;
            stopping = true;
        }
        try {
            closeQuietly(server);
            Files.deleteIfExists(paths.socket());
            long until = System.nanoTime() + DRAIN.toNanos();
            while (active.get() > 0 && System.nanoTime() < until) Thread.sleep(50);
        } catch (IOException e) {
            log.warn("agent: cannot remove {}", paths.socket(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            fleets.close();
            timer.shutdownNow();
            try {
                if (lock != null) lock.release();
                if (lockFile != null) lockFile.close();
            } catch (IOException e) {
                log.debug("agent: releasing the lock", e);
            }
            log.info("agent stopped");
            stopped.countDown();
        }
    }

    @Override
    public void close() {
        stopNow();
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            if (c != null) c.close();
        } catch (IOException e) {
            log.debug("closing: {}", e.toString());
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** One command's stdout or stderr, sent as frames on each flush (PrintStream flushes per line). */
    private static final class FrameStream extends java.io.OutputStream {
        private final DataOutputStream out;
        private final byte type;
        private final java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        private boolean broken;

        FrameStream(DataOutputStream out, byte type) {
            this.out = out;
            this.type = type;
        }

        @Override
        public synchronized void write(int b) {
            buf.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            buf.write(b, off, len);
            if (buf.size() >= 64 * 1024) flush();
        }

        @Override
        public synchronized void flush() {
            if (buf.size() == 0) return;
            if (!broken) {
                try {
                    synchronized (out) {
                        Wire.writeFrame(out, type, buf.toByteArray(), 0, buf.size());
                    }
                } catch (IOException e) {
                    broken = true; // the client went away; the command is being interrupted
                }
            }
            buf.reset();
        }
    }
}
