package dev.virtdeck.vbox;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteTool;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code VBoxManage ...} on one host (as the SSH user: VirtualBox VMs belong to the user who
 * registered them, so never through sudo) and maps failures. Like Vagrant's wrapper, a run fails
 * on a non-zero exit AND on a {@code VBoxManage: error:} line with exit 0 (old releases returned
 * 0 for some failures); progress ({@code 0%...100%}) on stderr is not an error.
 */
final class VBoxManage extends RemoteTool {
    private static final Logger LOG = LoggerFactory.getLogger(VBoxManage.class);
    /** createmedium, savestate and poweroff print progress and may take a while. */
    static final Duration SLOW = Duration.ofMinutes(5);

    /** How VBoxManage words failures; {@link #require} maps them itself, keeping the full result as the cause. */
    private static final ToolRunner.Errors ERRORS =
            new ToolRunner.Errors(VBoxParsers::errorText, VBoxManage::isNotFound, VBoxManage::stateHint);

    VBoxManage(String host, SshHost ssh) {
        super(new ToolRunner(host, ssh, false, ERRORS, List.of("VBoxManage")));
    }

    static RemoteCommand command(List<String> args) {
        List<String> argv = new ArrayList<>(args.size() + 1);
        argv.add("VBoxManage");
        argv.addAll(args);
        return RemoteCommand.of(argv);
    }

    /**
     * Runs a fixed shell script ({@code sh -c SCRIPT}) as VBoxManage runs: the same user (never
     * sudo), {@code LC_ALL=C}, the host's command timeout. The script names VBoxManage itself.
     */
    ExecResult script(String text) {
        return ssh().exec(runner().program(List.of("sh", "-c", text)));
    }

    /** @return the line {@code VBoxManage ARGS} is sent as (what a script's step stands for in errors) */
    String line(String... args) {
        return runner().command(List.of(args)).shellLine();
    }

    ExecResult runSlow(String... args) {
        return run(SLOW, args);
    }

    ExecResult okSlow(String vm, String... args) {
        return require(vm, runSlow(args));
    }

    /** Also an error block on stderr with exit 0 is a failure. */
    @Override
    public ExecResult require(String vm, ExecResult r) {
        if (failed(r)) throw failure(host(), vm, r);
        return r;
    }

    /** @return true on a non-zero exit or an error block on stderr */
    static boolean failed(ExecResult r) {
        return !r.ok() || VBoxParsers.hasError(r.stderr());
    }

    /**
     * Maps a failed run. The full result always travels as a {@link CommandFailedException}
     * (command, exit code, stdout, stderr): thrown as is, or as the cause of the more specific
     * {@link VmNotFoundException} (no such VM) or {@link InvalidRequestException} (VirtualBox
     * refused because of the VM's state: session lock, not running, not mutable, no hot-plug).
     */
    static VirtdeckException failure(String host, String vm, ExecResult r) {
        CommandFailedException full = new CommandFailedException(host, vm, r.command(), r.exitCode(), r.stdout(),
                r.stderr());
        String why = VBoxParsers.errorText(r.stderr());
        if (isNotFound(why)) return new VmNotFoundException(host, vm, r.command(), "no such VM", full);
        String hint = stateHint(why);
        if (hint != null) return new InvalidRequestException(host, vm, r.command(), hint, full);
        return full;
    }

    static boolean isNotFound(String why) {
        return why.contains("Could not find a registered machine");
    }

    /** @return VirtualBox's words plus what to do, for refusals caused by the VM's state; else null */
    static String stateHint(String why) {
        if (why.contains("is already locked for a session") || why.contains("is not mutable")) {
            return why + " (VirtualBox changes this setting only while the VM is powered off)";
        }
        if (why.contains("is already locked by a session") || why.contains("while it is locked")) {
            return why + " (the VM is running or another VirtualBox session holds it)";
        }
        if (why.contains("is not currently running") || why.contains("Invalid machine state")) {
            return why;
        }
        if (why.contains("does not support hotplugging") || why.contains("CPU id exceeds")
                || why.contains("Invalid memory balloon size") || why.contains("is already attached")
                || why.contains("is not attached") || why.contains("not possible to detach CPU 0")) {
            return why;
        }
        return null;
    }

    /** {@code closemedium disk PATH --delete}, after a failure: its own failure is only added to {@code cause}. */
    void deleteMediumQuietly(String vm, String path, VirtdeckException cause) {
        try {
            okSlow(vm, "closemedium", "disk", path, "--delete");
        } catch (VirtdeckException e) {
            LOG.warn("{}: {}: could not delete {}: {}", host(), vm, path, e.getMessage());
            cause.addSuppressed(e);
        }
    }
}
