package dev.virtdeck.xen;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.error.VmNotFoundException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteTool;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.ssh.ToolRunner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code xl ...} (or {@code xm ...}) and the few file programs the driver needs on one host,
 * through {@code sudo -n} when the inventory says so. Success is the exit code; the error text is
 * what the tool printed on stderr.
 */
final class Xl extends RemoteTool {
    private static final Pattern OVERCOMMIT =
            Pattern.compile("You have (\\d+) physical CPUs and want (\\d+) vCPUs");
    private static final ToolRunner.Errors ERRORS =
            new ToolRunner.Errors(XlParsers::errorText, Xl::isNotFound, Xl::refusal);

    private final Toolstack tool;

    Xl(String host, SshHost ssh, Toolstack tool, boolean sudo) {
        super(new ToolRunner(host, ssh, sudo, ERRORS, List.of(tool.command())));
        this.tool = tool;
    }

    Toolstack tool() {
        return tool;
    }

    /** @return {@code xl ARGS...} as a remote command */
    RemoteCommand command(String... args) {
        return runner().command(List.of(args));
    }

    /** @return another program (test, find, cat, truncate, rm, tee) as a remote command, with the same sudo rule */
    RemoteCommand program(String... argv) {
        return runner().program(List.of(argv));
    }

    /** Runs another program with the same sudo rule. */
    ExecResult sh(String... argv) {
        return ssh().exec(program(argv));
    }

    /** Runs another program and requires exit 0. */
    ExecResult shOk(String vm, String... argv) {
        ExecResult r = sh(argv);
        if (!r.ok()) throw ToolRunner.commandFailed(host(), vm, r);
        return r;
    }

    /**
     * Writes {@code content} to {@code path} with {@code tee PATH} fed on the channel's stdin, so
     * the content never appears in a command line.
     */
    ExecResult write(String vm, String path, String content, Duration timeout) {
        RemoteCommand tee = runner().program(List.of("tee", path));
        ExecResult r = runner().runWithInput(tee, content.getBytes(StandardCharsets.UTF_8), timeout, vm);
        // tee echoes the content on stdout: the error keeps stderr only
        if (!r.ok()) throw new CommandFailedException(host(), vm, r.command(), r.exitCode(), "", r.stderr());
        return r;
    }

    /**
     * Maps a failed xl/xm run: unknown domain → {@link VmNotFoundException}; the limits Xen
     * enforces (memory above maxmem, vCPUs above the boot maximum or the physical CPUs) →
     * {@link InvalidRequestException} in plain words; anything else → {@link CommandFailedException}.
     */
    VirtdeckException failure(String vm, ExecResult r) {
        return runner().failure(vm, r);
    }

    /** @return Xen's limits in plain words when it refused the request for one, else null */
    private static String refusal(String why) {
        if (why.contains("memory_dynamic_max must be less than or equal to memory_static_max")) {
            return "memory above the domain's maximum (maxmem); Xen said: " + why;
        }
        Matcher m = OVERCOMMIT.matcher(why);
        if (m.find()) {
            return m.group(2) + " vCPUs is more than the host's " + m.group(1)
                    + " physical CPUs, which Xen refuses (xl vcpu-set --ignore-host overrides it by hand)";
        }
        if (why.contains("however maxcpus is") || why.contains("greater than max vcpus")) {
            return "vCPUs above the boot-time maximum (maxvcpus); Xen said: " + why;
        }
        return null;
    }

    /** xl's "NAME is an invalid domain identifier", xm's "Error: Domain 'NAME' does not exist." */
    static boolean isNotFound(String errorText) {
        return errorText.contains("is an invalid domain identifier")
                || errorText.contains("does not exist.") && errorText.contains("Domain '")
                || errorText.contains("Can't get domid of domain name");
    }
}
