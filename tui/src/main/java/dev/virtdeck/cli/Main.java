package dev.virtdeck.cli;

import dev.virtdeck.cli.agent.AgentClient;
import dev.virtdeck.cli.complete.CompleteCommand;
import dev.virtdeck.request.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The virtdeck executable. {@link #run(String[], PrintStream, PrintStream)} runs one command line
 * in-process and returns its exit code (see {@link ExitCodes}); {@link #main} exits with it.
 */
public final class Main {
    private Main() {
    }

    /** Made on first use: the warm path ({@link AgentClient}) must not pay for the logging setup. */
    private static final class Log {
        static final Logger log = LoggerFactory.getLogger(Main.class);
    }

    /**
     * Hands the command line to the user's agent when one listens (see docs/cli.md, "Agent"),
     * else runs it here.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(CompleteCommand.NAME)) {
            complete(args);
            return;
        }
        int code = AgentClient.forward(args, System.out, System.err);
        if (code == AgentClient.DIRECT) code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * A TAB in the shell: answered here, not by an agent (whose working directory and environment
     * are not the shell's), without setting up logging (slf4j's no-op provider), so that the
     * answer costs a JVM start, the command model and the inventory file only.
     */
    private static void complete(String[] args) {
        System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN"); // not a line about the provider chosen
        PrintStream out = System.out;
        if (args.length > 1) {
            var rest = Arrays.asList(args).subList(1, args.length);
            for (String line : CompleteCommand.answer(model(), rest, Path.of(""))) out.println(line);
        }
        out.flush();
        System.exit(0);
    }

    /** The commands as picocli models them, for completion and the man pages (nothing runs). */
    public static CommandSpec model() {
        Env none = new Env(InputStream.nullInputStream(), System.out, System.err, false, null, null);
        return commandLine(none).getCommandSpec();
    }

    /** @return the exit code: 0 all ok, 1 a target or host failed, 2 usage error */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, Env.system(out, err));
    }

    /** Runs one command line with the given environment (the TUI's {@code :} prompt, tests). */
    public static int run(String[] args, Env env) {
        Log.log.info("virtdeck {} {}", VersionProvider.version(), Arrays.toString(args));
        int code = commandLine(env).execute(args);
        Log.log.info("exit {}", code);
        return code;
    }

    static CommandLine commandLine(Env env) {
        CommandLine cl = Virtdeck.withCommands(new CommandLine(new Virtdeck(env)));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(env.out(), true));
        cl.setErr(new PrintWriter(env.err(), true));
        cl.setParameterExceptionHandler(Main::parameterError);
        cl.setExecutionExceptionHandler(Main::executionError);
        return cl;
    }

    private static int parameterError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("virtdeck: " + e.getMessage());
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int executionError(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof UsageException || e instanceof BadRequestException) {
            Log.log.info("usage error: {}", e.getMessage());
            err.println("virtdeck: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        Log.log.error("unexpected failure", e);
        err.println("virtdeck: internal error: " + e + " (details in the log)");
        err.flush();
        return ExitCodes.FAILED;
    }
}
