package dev.virtdeck.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * What the agent needs to know about a command line before it runs one (parsed the way
 * {@link Main#run} will): whether it must run in the user's own process instead, and which
 * settings choose the shared fleet it uses.
 */
public final class AgentGate {
    /** Verbs that need the caller's terminal or process: the console, the demo, the agent itself, top (runs until ^C). */
    static final Set<String> DIRECT_VERBS = Set.of("console", "demo", "agent", "top");

    private AgentGate() {
    }

    /**
     * @param direct    why the agent must not run it (the client then runs it itself), or null
     * @param inventory the inventory file, absolute (null: the default, or not parsed)
     * @param knownHosts the {@code --known-hosts} file, absolute, or null
     */
    public record Decision(String direct, Path inventory, Path knownHosts) {
    }

    /** Parses {@code args} as run from {@code cwd}; a command line with a usage error may run in the agent. */
    public static Decision decide(String[] args, Path cwd) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        Env env = new Env(InputStream.nullInputStream(), nowhere, nowhere, false, (o, t, p) -> {
            throw new IllegalStateException("not for running");
        }, null, false, cwd);
        CommandLine cl = Main.commandLine(env);
        ParseResult pr;
        try {
            pr = cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return new Decision(null, null, null); // it prints its usage error, as a direct run would
        }
        Virtdeck root = cl.getCommand();
        if (!pr.hasSubcommand() && !pr.isVersionHelpRequested()) return new Decision("the TUI or usage", null, null);
        for (ParseResult p = pr; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            String verb = p.commandSpec().name();
            if (p != pr && DIRECT_VERBS.contains(verb)) return new Decision(verb, null, null);
            if (p.isUsageHelpRequested()) return new Decision("help", null, null);
        }
        if (root.verbose) return new Decision("-v traces", null, null);
        return new Decision(null, env.resolve(root.inventory), env.resolve(root.knownHosts));
    }
}
