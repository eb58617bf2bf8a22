package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.ToolRunner;

import java.time.Duration;
import java.util.List;

/**
 * Runs {@code virsh -c URI ...} on one host and turns failures into the error family. Success is
 * the exit code; the error text is what virsh printed on stderr.
 */
final class Virsh {
    private static final ToolRunner.Errors ERRORS =
            new ToolRunner.Errors(VirshParsers::errorText, Virsh::isNotFound, Virsh::refusal);

    private final ToolRunner virsh;
    private final String uri;

    Virsh(String host, SshHost ssh, String uri, boolean sudo) {
        this.virsh = new ToolRunner(host, ssh, sudo, ERRORS, List.of("virsh", "-c", uri));
        this.uri = uri;
    }

    String host() {
        return virsh.host();
    }

    SshHost ssh() {
        return virsh.ssh();
    }

    String uri() {
        return uri;
    }

    boolean sudo() {
        return virsh.sudo();
    }

    /** @return {@code virsh -c URI ARGS...} (with {@code sudo -n} when the host needs it) */
    RemoteCommand command(List<String> args) {
        return virsh.command(args);
    }

    /** Runs and returns the result whatever the exit code. */
    ExecResult run(String... args) {
        return virsh.run(List.of(args));
    }

    /**
     * Runs and requires exit 0.
     *
     * @param vm the VM concerned (for errors), or null
     * @throws VirtdeckException mapped by {@link #failure}
     */
    ExecResult ok(String vm, String... args) {
        return virsh.ok(vm, List.of(args));
    }

    /**
     * Runs with {@code input} on stdin (virsh define /dev/stdin): no temporary file on the host,
     * nothing to clean up, and the XML never appears in a command line.
     */
    ExecResult runWithInput(Duration timeout, byte[] input, String... args) {
        return virsh.runWithInput(command(List.of(args)), input, timeout, null);
    }

    /**
     * Maps a failed virsh run: unknown domain → {@link VmNotFoundException}; libvirt's
     * "invalid argument" and "Requested operation is not valid" (beyond a maximum, wrong state)
     * → {@link InvalidRequestException} with libvirt's words; anything else →
     * {@link CommandFailedException} with the full command, exit code and output.
     */
    static VirtdeckException failure(String host, String vm, ExecResult r) {
        return ToolRunner.failure(host, vm, r, ERRORS);
    }

    static boolean isNotFound(String errorText) {
        return errorText.contains("failed to get domain") || errorText.contains("Domain not found")
                || errorText.contains("no domain with matching");
    }

    /** @return libvirt's words when it refused the request itself, else null */
    private static String refusal(String errorText) {
        boolean refused = errorText.contains("invalid argument") || errorText.contains("Requested operation is not valid")
                || errorText.contains("Operation not supported");
        return refused ? errorText : null;
    }
}
