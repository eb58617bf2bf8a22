package dev.virtdeck.cli.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Where the agent of this user listens. JDK classes only: the thin client uses it on every call.
 *
 * @param socket the UNIX socket
 * @param lock   held (a file lock) by the live agent for its whole life: free means no agent
 * @param log    the agent's stdout and stderr when started in the background
 */
public record AgentPaths(Path socket, Path lock, Path log) {
    /** Overrides the socket's path (tests, several agents side by side). */
    public static final String SOCKET_ENV = "VIRTDECK_AGENT_SOCKET";

    /**
     * {@code $VIRTDECK_AGENT_SOCKET}, else {@code $XDG_RUNTIME_DIR/virtdeck/agent.sock}, else
     * {@code ~/.cache/virtdeck/agent.sock}; the lock is next to the socket, the log too when the
     * socket is overridden, else in the state directory with virtdeck.log.
     */
    public static AgentPaths of() {
        String override = System.getenv(SOCKET_ENV);
        if (override != null && !override.isBlank()) return at(Path.of(override).toAbsolutePath());
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path home = Path.of(System.getProperty("user.home"));
        Path dir = runtime != null && !runtime.isBlank() ? Path.of(runtime, "virtdeck") : home.resolve(".cache/virtdeck");
        String state = System.getenv("XDG_STATE_HOME");
        Path stateDir = state != null && !state.isBlank() ? Path.of(state, "virtdeck") : home.resolve(".local/state/virtdeck");
        Path socket = dir.resolve("agent.sock");
        return new AgentPaths(socket, dir.resolve("agent.sock.lock"), stateDir.resolve("agent.log"));
    }

    /** Socket {@code socket}, its lock and log next to it. */
    public static AgentPaths at(Path socket) {
        return new AgentPaths(socket, socket.resolveSibling(socket.getFileName() + ".lock"),
                socket.resolveSibling(socket.getFileName() + ".log"));
    }

    static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> SOCKET_MODE = PosixFilePermissions.fromString("rw-------");

    /**
     * Makes the socket's directory private (0700), creating it if needed. An existing directory
     * must belong to this user and must not be writable by others (a shared directory such as
     * /tmp is refused rather than changed).
     *
     * @throws IOException naming the problem
     */
    void preparePrivateDir() throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)) {
            throw new IOException(dir + " is writable by other users: choose a private directory for the agent's"
                    + " socket (" + SOCKET_ENV + ")");
        }
        Files.setPosixFilePermissions(dir, DIR_MODE); // only its owner may: fails on another user's directory
    }
}
