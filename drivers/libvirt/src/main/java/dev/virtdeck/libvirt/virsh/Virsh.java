package dev.virtdeck.libvirt.virsh;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteTool;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.ToolRunner;

import java.time.Duration;
import java.util.List;

/**
 * Runs {@code virsh -c URI ...} on one host and turns failures into the error family. Success is
 * the exit code; the error text is what virsh printed on stderr.
 */
final class Virsh extends RemoteTool {
    private static final ToolRunner.Errors ERRORS = new ToolRunner.Errors(VirshParsers::errorText,
            Virsh::isNotFound, Virsh::refusal, "virsh not found on the host's PATH (the virsh transport needs it:"
            + " install libvirt-clients, or use transport: native)");

    private final String uri;

    Virsh(String host, SshHost ssh, String uri, boolean sudo) {
        super(new ToolRunner(host, ssh, sudo, ERRORS, List.of("virsh", "-c", uri)));
        this.uri = uri;
    }

    String uri() {
        return uri;
    }

    boolean sudo() {
        return runner().sudo();
    }

    /** @return {@code virsh -c URI ARGS...} (with {@code sudo -n} when the host needs it) */
    RemoteCommand command(List<String> args) {
        return runner().command(args);
    }

    /**
     * Runs with {@code input} on stdin (virsh define /dev/stdin): no temporary file on the host,
     * nothing to clean up, and the XML never appears in a command line.
     */
    ExecResult runWithInput(Duration timeout, byte[] input, String... args) {
        return runner().runWithInput(command(List.of(args)), input, timeout, null);
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

    /** @return the "virsh not found" failure when the login could not start virsh, else null */
    static CommandFailedException missing(String host, ExecResult r) {
        return ToolRunner.missingTool(host, null, r, ERRORS);
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
