package dev.virtdeck.cli.agent;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code agent start|status|stop|run}: the background connection holder (see docs/cli.md). */
@Command(name = "agent", sortOptions = false, usageHelpAutoWidth = true,
        description = "Keep SSH connections open for later commands (like OpenSSH's ControlPersist).",
        subcommands = {AgentCommand.Start.class, AgentCommand.Status.class, AgentCommand.Stop.class,
                AgentCommand.Run.class})
public final class AgentCommand implements Callable<Integer> {
    static final Duration DEFAULT_IDLE = Duration.ofMinutes(10);
    /** How long {@code agent start} waits for the new agent to answer. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, a bare number of seconds; {@code 0}: no idle timeout. */
    static final class IdleConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,9})([smh]?)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 2h; 0 = never)");
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
    }

    abstract static class Verb implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        /** @return the agent's answer to a STATUS or STOP request, or null when none answers */
        String ask(AgentPaths paths, byte request) {
            var text = new java.io.ByteArrayOutputStream();
            try {
                AgentClient.control(paths, request, new PrintStream(text, true, StandardCharsets.UTF_8));
                return text.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }
    }

    @Command(name = "start", description = "Start the agent in the background (no-op when one runs).")
    static final class Start extends Verb {
        @Option(names = "--idle", paramLabel = "DURATION", converter = IdleConverter.class,
                description = "Stop after this long without a command: 90s, 10m, 2h; 0 = never (default 10m).")
        Duration idle = DEFAULT_IDLE;

        @Override
        public Integer call() throws IOException, InterruptedException {
            AgentPaths paths = AgentPaths.of();
            String running = ask(paths, Wire.STATUS);
            if (running != null) {
                out().println("virtdeck: an agent already runs; " + running.lines().findFirst().orElse(""));
                return 0;
            }
            Files.createDirectories(paths.log().getParent());
            List<String> cmd = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) cmd.add("/usr/bin/setsid"); // own session: no SIGHUP from the terminal
            cmd.add(ProcessHandle.current().info().command().orElse(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                // not the launcher's short-run tuning nor its one-off archive dump: the agent lives long
                if (a.startsWith("-XX:ArchiveClassesAtExit") || a.startsWith("-XX:TieredStopAtLevel")
                        || a.startsWith("-agentlib") || a.startsWith("-javaagent")) continue;
                cmd.add(a);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.virtdeck.cli.Main",
                    "agent", "run", "--idle", idle.toSeconds() + "s"));
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(paths.log().toFile()))
                    .redirectErrorStream(true).start();
            long until = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < until) {
                String status = ask(paths, Wire.STATUS);
                if (status != null) {
                    out().println("virtdeck: agent started: pid " + p.pid() + ", listening on " + paths.socket()
                            + ", idle timeout " + (idle.isZero() ? "none" : AgentServer.human(idle)) + "; log: " + paths.log());
                    return 0;
                }
                if (!p.isAlive()) {
                    err().println("virtdeck: the agent exited at once (code " + p.exitValue() + "); its log "
                            + paths.log() + " ends with:");
                    List<String> lines = Files.readAllLines(paths.log());
                    lines.subList(Math.max(0, lines.size() - 5), lines.size()).forEach(l -> err().println("  " + l));
                    return 1;
                }
                Thread.sleep(50);
            }
            err().println("virtdeck: the agent (pid " + p.pid() + ") did not answer on " + paths.socket() + " within "
                    + START_TIMEOUT.toSeconds() + " s; see " + paths.log());
            return 1;
        }
    }

    @Command(name = "status", description = "Show the agent's pid, socket, uptime, idle time left and held hosts.")
    static final class Status extends Verb {
        @Override
        public Integer call() {
            AgentPaths paths = AgentPaths.of();
            String status = ask(paths, Wire.STATUS);
            if (status == null) {
                out().println("no agent running (" + paths.socket() + (Files.exists(paths.socket())
                        ? " does not answer" + AgentClient.removeIfStale(paths) : " does not exist") + ")");
                return 1;
            }
            out().print(status);
            out().flush();
            return 0;
        }
    }

    @Command(name = "stop", description = "Stop the agent (after its running commands) and close its connections.")
    static final class Stop extends Verb {
        @Override
        public Integer call() {
            AgentPaths paths = AgentPaths.of();
            String answer = ask(paths, Wire.STOP);
            if (answer == null) {
                out().println("no agent running (" + paths.socket() + (Files.exists(paths.socket())
                        ? " does not answer" + AgentClient.removeIfStale(paths) : " does not exist") + ")");
                return 0;
            }
            out().print(answer);
            out().flush();
            return 0;
        }
    }

    @Command(name = "run", description = "Run the agent in the foreground (tests, systemd).")
    static final class Run extends Verb {
        @Option(names = "--idle", paramLabel = "DURATION", converter = IdleConverter.class,
                description = "Stop after this long without a command; 0 = never (default 10m).")
        Duration idle = DEFAULT_IDLE;

        @Override
        public Integer call() throws InterruptedException {
            AgentPaths paths = AgentPaths.of();
            AgentServer server = new AgentServer(paths, idle, AgentServer.fleets(),
                    Path.of(System.getProperty("user.home"), ".ssh", "config"));
            try {
                server.start();
            } catch (IOException e) {
                err().println("virtdeck: agent: " + e.getMessage());
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "virtdeck-agent-shutdown"));
            out().println("virtdeck agent: listening on " + paths.socket() + " (pid " + ProcessHandle.current().pid()
                    + ", idle timeout " + (idle.isZero() ? "none" : AgentServer.human(idle)) + ")");
            out().flush();
            server.awaitStopped();
            return 0;
        }
    }
}
