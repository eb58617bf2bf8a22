package dev.virtdeck.ssh;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import dev.virtdeck.error.AuthFailedException;
import dev.virtdeck.error.HostKeyRejectedException;
import dev.virtdeck.error.HostUnreachableException;
import dev.virtdeck.error.VirtdeckException;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The SSH connections of one virtdeck run: one persistent, authenticated connection per
 * inventory host, opened on first use and shared by every caller (commands are channels on it).
 *
 * <pre>{@code
 * try (SshPool pool = new SshPool(Trace.NONE, Prompter.NONE)) {
 *     SshHost host = pool.connect(target);
 *     ExecResult r = host.exec(RemoteCommand.of("virsh", "list", "--all"));
 * }
 * }</pre>
 *
 * <p>Thread-safe. Concurrent {@link #connect} calls for the same host wait for one connection
 * attempt; a failed attempt is not cached (the next call tries again). Hosts are keyed by
 * {@link SshTarget#name()}: the first target seen for a name wins, unless the pool
 * {@link #replacingChangedTargets() replaces changed targets}. Bounding how many hosts are
 * contacted in parallel is the caller's job.
 */
public final class SshPool implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(SshPool.class);

    private final Trace trace;
    private final SshConnector connector;
    private final ConcurrentHashMap<String, CompletableFuture<SshjHost>> hosts = new ConcurrentHashMap<>();
    private final ExecutorService io = Executors.newCachedThreadPool(
            new ThreadFactoryBuilder().setNameFormat("virtdeck-ssh-io-%d").setDaemon(true).build());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            new ThreadFactoryBuilder().setNameFormat("virtdeck-ssh-timer-%d").setDaemon(true).build());
    private volatile boolean closed;
    private volatile boolean replaceChanged;

    /** Uses the ssh-agent named by the {@code SSH_AUTH_SOCK} environment variable, if any. */
    public SshPool(Trace trace, Prompter prompter) {
        this(trace, prompter, agentFromEnvironment());
    }

    /**
     * @param agentSocket ssh-agent socket to try first, or null for no agent
     */
    public SshPool(Trace trace, Prompter prompter, Path agentSocket) {
        this.trace = trace == null ? Trace.NONE : trace;
        this.connector = new SshConnector(prompter == null ? Prompter.NONE : prompter, agentSocket, timer);
    }

    /**
     * Makes a target whose settings differ from the connected one of its name replace it (the old
     * connection is closed), instead of the first one winning: for a pool held across commands
     * (the agent's), where a jump host may be edited in the inventory meanwhile. Off by default:
     * within one command a name has one target, and closing a jump host under its tunnels would
     * only hurt.
     *
     * @return this pool
     */
    public SshPool replacingChangedTargets() {
        replaceChanged = true;
        return this;
    }

    /** @return {@code $SSH_AUTH_SOCK} as a path, or null when unset */
    public static Path agentFromEnvironment() {
        String sock = System.getenv("SSH_AUTH_SOCK");
        return sock == null || sock.isBlank() ? null : Path.of(sock);
    }

    /**
     * Connects (or returns the cached connection) to a host, through its jump host if it has one.
     *
     * @return the connected host (the same object for every call with this name)
     * @throws HostUnreachableException when the host (or its jump host) cannot be reached in time
     * @throws AuthFailedException      when every login method failed (the message lists them)
     * @throws HostKeyRejectedException when the host key is unknown (without acceptNew) or changed
     */
    public SshHost connect(SshTarget target) {
        return host(target);
    }

    SshjHost host(SshTarget requested) {
        if (closed) throw new IllegalStateException("SshPool closed");
        checkJumpChain(requested);
        SshTarget target = withDefaults(requested);
        CompletableFuture<SshjHost> mine = new CompletableFuture<>();
        CompletableFuture<SshjHost> existing;
        while ((existing = hosts.putIfAbsent(target.name(), mine)) != null) {
            if (!replaceChanged || !existing.isDone() || existing.isCompletedExceptionally()
                    || existing.join().target().equals(target)) {
                return await(existing);
            }
            // the same name with other settings (an edited inventory, in a long-lived pool): replace it
            LOG.info("{}: settings changed, reconnecting", target.name());
            existing.join().close(); // leaves the map
        }
        try {
            SshjHost h = new SshjHost(target, this, dial(target));
            mine.complete(h);
            if (closed) h.close();
            return h;
        } catch (RuntimeException | Error e) {
            hosts.remove(target.name(), mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /** Opens a new connection for {@code target} (its jump host comes from the pool). */
    SSHClient dial(SshTarget target) {
        SshjHost via = null;
        if (target.jump() != null) {
            try {
                via = host(target.jump());
            } catch (VirtdeckException e) {
                throw viaJump(target, e);
            }
        }
        return connector.connect(target, via);
    }

    /** The jump host's failure, re-addressed to the host the user asked for (same kind). */
    private static VirtdeckException viaJump(SshTarget target, VirtdeckException e) {
        String msg = "through jump host " + e.getMessage();
        if (e instanceof AuthFailedException) return new AuthFailedException(target.name(), null, null, msg, e);
        if (e instanceof HostKeyRejectedException) return new HostKeyRejectedException(target.name(), null, null, msg, e);
        return new HostUnreachableException(target.name(), null, null, msg, e);
    }

    /** Fills what a hand-built target may leave null with OpenSSH's defaults. */
    static SshTarget withDefaults(SshTarget t) {
        Path home = Path.of(System.getProperty("user.home"));
        String user = t.user() != null ? t.user() : System.getProperty("user.name");
        List<Path> ids = t.identityFiles() != null ? t.identityFiles() : List.of(
                home.resolve(".ssh/id_rsa"), home.resolve(".ssh/id_ecdsa"), home.resolve(".ssh/id_ed25519"));
        Path kh = t.knownHosts() != null ? t.knownHosts() : home.resolve(".ssh/known_hosts");
        int port = t.port() > 0 ? t.port() : 22;
        Duration ct = t.connectTimeout() != null ? t.connectTimeout() : SshTarget.DEFAULT_CONNECT_TIMEOUT;
        Duration cmd = t.commandTimeout() != null ? t.commandTimeout() : SshTarget.DEFAULT_COMMAND_TIMEOUT;
        return new SshTarget(t.name(), t.hostname(), port, user, ids, kh, t.acceptNew(), t.jump(), ct, cmd);
    }

    private static void checkJumpChain(SshTarget target) {
        Set<String> seen = new HashSet<>();
        List<String> chain = new ArrayList<>();
        for (SshTarget t = target; t != null; t = t.jump()) {
            chain.add(t.name());
            if (!seen.add(t.name())) {
                throw new HostUnreachableException(target.name(), null, null, "ProxyJump loop: " + String.join(" -> ", chain));
            }
        }
    }

    private static SshjHost await(CompletableFuture<SshjHost> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a connection", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof VirtdeckException v) throw v;
            if (c instanceof RuntimeException r) throw r;
            throw new CompletionException(c);
        }
    }

    void forget(SshjHost host) {
        CompletableFuture<SshjHost> f = hosts.get(host.name());
        if (f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() == host) hosts.remove(host.name(), f);
    }

    Trace trace() {
        return trace;
    }

    /** Reads a stream to its end on a pool thread (stdout and stderr concurrently: no window stall). */
    CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, io);
    }

    /** Runs {@code r} on a pool thread (or here once the pool is closed). */
    void background(Runnable r) {
        try {
            io.execute(r);
        } catch (RejectedExecutionException closing) {
            r.run();
        }
    }

    /** Closes every connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<SshjHost> f : List.copyOf(hosts.values())) {
            if (f.isDone() && !f.isCompletedExceptionally()) f.join().close();
        }
        hosts.clear();
        timer.shutdownNow();
        io.shutdown();
        LOG.debug("ssh pool closed");
    }
}
