package dev.virtdeck.cli;

import dev.virtdeck.ssh.Trace;

import dev.virtdeck.fleet.FleetOptions;
import dev.virtdeck.request.Lifecycle;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.SshTarget;
import dev.virtdeck.tui.CommandRunner;
import dev.virtdeck.tui.Tui;
import dev.virtdeck.tui.TuiConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The root command: holds the global options. They are inherited by every subcommand, so they are
 * accepted before or after the command name, and always land in this object's fields.
 */
@Command(name = "virtdeck", versionProvider = VersionProvider.class, sortOptions = false,
        description = "Manage VMs on hypervisor hosts over SSH.",
        footer = {"", "Exit codes: 0 all ok; 1 a target failed or a host is unreachable; 2 usage error;",
                "3 --max-fail exceeded (the rollout stopped).",
                "See docs/cli.md."})
public final class Virtdeck implements Callable<Integer> {

    final Env env;

    @Spec
    CommandSpec spec;

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = {"Inventory: virtdeck YAML or an Ansible inventory (INI or YAML), told apart by content;"
                    + " ssh: (or ssh:FILE) for every Host of ~/.ssh/config (default ~/.config/virtdeck/inventory.yaml)."})
    Path inventory;

    /** Null when not given; applied to the inventory (jump hosts are still found outside it). */
    @Option(names = {"-l", "--limit"}, paramLabel = "PATTERN", scope = ScopeType.INHERIT,
            description = "Only these hosts, like Ansible's --limit: comma-separated groups, host globs, tag:TAG;"
                    + " !TERM leaves out, &TERM keeps only.")
    String limit;

    @Option(names = {"-u", "--user"}, paramLabel = "USER", scope = ScopeType.INHERIT,
            description = "SSH user for the hosts (not their jump hosts, as ssh -l); beats the inventory and"
                    + " ~/.ssh/config.")
    String user;

    @Option(names = "--known-hosts", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "OpenSSH known_hosts file to check host keys against (beats the inventory).")
    Path knownHosts;

    @Option(names = "--accept-new", scope = ScopeType.INHERIT,
            description = "Trust and record unknown host keys (never a changed one).")
    boolean acceptNew;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "Output format: table, json or jsonl (default table); yaml for inventory export.")
    OutputFormat output = OutputFormat.table;

    @Option(names = "--parallel", paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Hosts and targets worked on at once (default 32).")
    int parallel = FleetOptions.DEFAULT_PARALLEL;

    /** Null when not given, so that only a given value is passed on to the TUI's commands. */
    @Option(names = "--connect-timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "Seconds allowed to connect (TCP, SSH handshake, login) to each host, jump hosts"
                    + " too; beats the inventory's connect_timeout and ~/.ssh/config's ConnectTimeout"
                    + " (default: those, else 10).")
    Integer connectTimeout;

    @Option(names = "--command-timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = {"Time one remote command or libvirt call may take before it is abandoned (default 120).",
                    "Bounds how long a host that stops answering (hung, black-holed) can hold a target."})
    Integer commandTimeout;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Print each remote command or API call to stderr as HOST: CALL.")
    boolean verbose;

    /** Seen by the thin client before parsing (AgentClient); here so that it is listed and accepted. */
    @Option(names = "--no-agent", scope = ScopeType.INHERIT,
            description = "Run this command here, not through a running agent (as VIRTDECK_AGENT=off).")
    boolean noAgent;

    @Option(names = "--version", versionHelp = true, scope = ScopeType.INHERIT, description = "Print the version.")
    boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    Virtdeck(Env env) {
        this.env = env;
    }

    /**
     * Without a command: open the TUI on a terminal; without a terminal (a script) print the
     * usage, a usage error.
     */
    @Override
    public Integer call() throws IOException {
        if (!env.terminal()) {
            spec.commandLine().usage(spec.commandLine().getErr());
            return ExitCodes.USAGE;
        }
        checkGlobals();
        try (Cli cli = new Cli(this)) {
            var hosts = cli.resolve(new java.util.ArrayList<>(cli.inventory().hosts().values()));
            // no prompts and no trace on the terminal: the TUI owns the screen
            FleetOptions options = fleetOptions();
            java.util.List<String> globals = new java.util.ArrayList<>();
            if (inventory != null) globals.addAll(java.util.List.of("-i", inventory.toString()));
            if (limit != null) globals.addAll(java.util.List.of("-l", limit));
            if (user != null) globals.addAll(java.util.List.of("-u", user));
            if (knownHosts != null) globals.addAll(java.util.List.of("--known-hosts", knownHosts.toString()));
            if (acceptNew) globals.add("--accept-new");
            if (connectTimeout != null) globals.addAll(java.util.List.of("--connect-timeout", connectTimeout.toString()));
            if (commandTimeout != null) globals.addAll(java.util.List.of("--command-timeout", commandTimeout.toString()));
            java.util.List<String> prefix = new java.util.ArrayList<>(java.util.List.of("virtdeck"));
            prefix.addAll(globals);
            CommandRunner runner = args -> {
                var out = new ByteArrayOutputStream();
                var err = new ByteArrayOutputStream();
                var cs = java.nio.charset.StandardCharsets.UTF_8;
                java.util.List<String> all = new java.util.ArrayList<>(globals);
                all.addAll(args);
                Env inner = new Env(InputStream.nullInputStream(), new PrintStream(out, true, cs),
                        new PrintStream(err, true, cs), false, env.fleets(), env.sshConfig());
                int code = Main.run(all.toArray(String[]::new), inner);
                return new CommandRunner.Result(code, out.toString(cs), err.toString(cs));
            };
            try (var fleet = env.fleets().create(options, Trace.NONE, Prompter.NONE)) {
                return Tui.open(new Tui.Launch(cli.inventory(), hosts, fleet, parallel,
                        prefix, runner, TuiConfig.defaultPath(), cli::rememberVmNames), env.err());
            }
        }
    }

    /**
     * Adds the verbs, in the order the help lists them. A verb without options is its
     * {@link Lifecycle} request, which names and describes it: no class of its own.
     */
    static CommandLine withCommands(CommandLine cl) {
        cl.addSubcommand(new HostsCommand()).addSubcommand(new HostInfoCommand()).addSubcommand(new HostCheckCommand())
                .addSubcommand(new HostSetupCommand())
                .addSubcommand(new ListCommand());
        addLifecycle(cl, Lifecycle.START);
        cl.addSubcommand(new ShutdownCommand());
        for (Lifecycle l : List.of(Lifecycle.POWEROFF, Lifecycle.REBOOT, Lifecycle.RESET, Lifecycle.PAUSE,
                Lifecycle.RESUME, Lifecycle.SAVE)) {
            addLifecycle(cl, l);
        }
        return cl.addSubcommand(new SetMemoryCommand()).addSubcommand(new SetVcpusCommand())
                .addSubcommand(new AttachDiskCommand()).addSubcommand(new CreateCommand())
                .addSubcommand(new CloneCommand()).addSubcommand(new AutostartCommand())
                .addSubcommand(new DeleteCommand()).addSubcommand(new ConsoleCommand()).addSubcommand(new DemoCommand())
                .addSubcommand(new dev.virtdeck.cli.agent.AgentCommand()).addSubcommand(new TopCommand())
                .addSubcommand(SnapshotCommand.group()).addSubcommand(new ShowCommand())
                .addSubcommand(InventoryCommand.group())
                .addSubcommand(new dev.virtdeck.cli.complete.CompletionCommand())
                .addSubcommand(new dev.virtdeck.cli.complete.CompleteCommand());
    }

    private static void addLifecycle(CommandLine cl, Lifecycle request) {
        CommandSpec verb = CommandSpec.forAnnotatedObject(new LifecycleCommand(request));
        verb.usageMessage().description(request.description());
        cl.addSubcommand(request.verb(), verb);
    }

    /** Checks what picocli cannot: numeric ranges of the global options ({@link UsageException}). */
    void checkGlobals() {
        if (output == OutputFormat.yaml) throw new UsageException("-o yaml is for inventory export only");
        if (parallel < 1) throw new UsageException("--parallel must be at least 1, got " + parallel);
        if (connectTimeout != null && connectTimeout < 1) {
            throw new UsageException("--connect-timeout must be at least 1 second, got " + connectTimeout);
        }
        if (commandTimeout != null && commandTimeout < 1) {
            throw new UsageException("--command-timeout must be at least 1 second, got " + commandTimeout);
        }
    }

    /** The fleet options the global options ask for. */
    FleetOptions fleetOptions() {
        Duration connect = connectTimeout == null ? SshTarget.DEFAULT_CONNECT_TIMEOUT : Duration.ofSeconds(connectTimeout);
        Duration command = commandTimeout == null ? SshTarget.DEFAULT_COMMAND_TIMEOUT : Duration.ofSeconds(commandTimeout);
        return new FleetOptions(parallel, acceptNew, connect, command);
    }
}
