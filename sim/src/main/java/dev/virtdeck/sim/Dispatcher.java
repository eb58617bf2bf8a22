package dev.virtdeck.sim;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command line on a {@link SimHost}, as the host's login shell would: parse (refusing anything that
 * a real shell would interpret as more than one simple command), apply the host's knobs, then route to the
 * emulated program. Nothing is ever executed on the real machine.
 */
final class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private Dispatcher() {}

    /** Runs {@code line} and returns its exit code. */
    static int run(SimHost host, String line, Io io) {
        host.logCommand(line);
        LOG.debug("{}: {}", host.hostname(), line);
        sleep(host.latency());
        ShellWords.Parsed cmd;
        try {
            cmd = ShellWords.parse(line, host.home());
        } catch (ShellWords.SyntaxException e) {
            io.err("sim: shell syntax not supported: " + e.getMessage() + " in: " + line + "\n");
            return 2;
        }
        host.logArgv(cmd.argv());
        return exec(host, cmd.argv(), io);
    }

    /**
     * Runs one parsed argv (what the shell would {@code execve}): the host's scripted failures first, then
     * the emulated program. Also a simulated script's way to run its steps.
     */
    static int exec(SimHost host, List<String> argv, Io io) {
        if (argv.isEmpty()) {
            return 0;
        }
        Optional<SimHost.Failure> failure = host.failureFor(argv);
        if (failure.isPresent()) {
            io.out(failure.get().stdout());
            io.err(failure.get().stderr());
            return failure.get().exitCode();
        }
        String prog = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
        List<String> args = argv.subList(1, argv.size());
        switch (prog) {
            case "true":
                return 0;
            case "false":
                return 1;
            case "echo":
                io.out(String.join(" ", args) + "\n");
                return 0;
            case "command":
                return commandV(host, args, io);
            case "hostname":
                io.out(host.hostname() + "\n");
                return 0;
            default:
                break;
        }
        boolean absolute = argv.get(0).contains("/");
        Optional<String> installed = host.toolPath(prog)
                .filter(p -> !absolute || p.equals(argv.get(0)));
        if (installed.isEmpty()) {
            return notFound(host, argv.get(0), io);
        }
        return switch (prog) {
            case "VBoxManage" -> VBoxManageSim.run(host, args, io);
            case "socat", "nc" -> GuestConsole.run(host, prog, args, io);
            case "virsh" -> VirshSim.run(host, args, io);
            case "xl" -> host.kind() == HostKind.XAPI ? XapiXl.run(host, args, io) : XlSim.run(host, args, io, false);
            case "xm" -> XlSim.run(host, args, io, true);
            case "xentop" -> XlSim.xentop(host, args, io);
            case "qemu-img", "rm", "cp", "test", "cat", "tee", "ln", "readlink", "find" -> FileTools.run(host, prog, args, io);
            case "sh" -> HostSurveyScript.recognises(args) ? HostSurveyScript.run(host, args, io)
                    : VBoxListScript.recognises(args) ? VBoxListScript.run(host, io)
                    : XlListScript.matches(args) ? XlListScript.run(host, args, io)
                    : HostFactsScript.run(host, args, io);
            default -> {
                io.err("sim: " + prog + " is installed on this simulated host but not emulated yet\n");
                yield 2;
            }
        };
    }

    /** {@code command -v NAME...}: bash prints every hit (exit 1 if none); dash only looks at the first name. */
    private static int commandV(SimHost host, List<String> args, Io io) {
        if (args.isEmpty() || !args.get(0).equals("-v") || args.size() < 2) {
            io.err("sim: only 'command -v NAME...' is simulated\n");
            return 2;
        }
        List<String> names = args.subList(1, args.size());
        if (host.loginShell() == LoginShell.DASH) {
            names = names.subList(0, 1);
        }
        int found = 0;
        for (String n : names) {
            Optional<String> p = builtin(n) ? Optional.of(n) : host.toolPath(n);
            if (p.isPresent()) {
                io.out(p.get() + "\n");
                found++;
            }
        }
        if (found > 0) {
            return 0;
        }
        return host.loginShell() == LoginShell.DASH ? 127 : 1;
    }

    private static boolean builtin(String name) {
        return List.of("true", "false", "echo", "command").contains(name);
    }

    private static int notFound(SimHost host, String name, Io io) {
        // texts verified on Debian 12: dash 0.5.12 and bash 5.2 running "sh -c" / "bash -c"
        if (host.loginShell() == LoginShell.DASH) {
            io.err("sh: 1: " + name + ": not found\n");
        } else {
            io.err("bash: " + name + (name.contains("/") ? ": No such file or directory\n" : ": command not found\n"));
        }
        return 127;
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
