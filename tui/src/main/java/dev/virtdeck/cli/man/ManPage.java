package dev.virtdeck.cli.man;

import dev.virtdeck.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One man(7) page for one command, written from picocli's model of it, so that it says what
 * {@code --help} says. Hand-written troff rather than picocli-codegen's ManPageGenerator: that
 * emits AsciiDoc, which needs asciidoctor (JRuby) at build time to become a man page.
 */
final class ManPage {
    private final CommandSpec cmd;
    private final String version;
    private final StringBuilder out = new StringBuilder();

    private ManPage(CommandSpec cmd, String version) {
        this.cmd = cmd;
        this.version = version;
    }

    /** @return the page's troff source */
    static String of(CommandSpec cmd, String version) {
        return new ManPage(cmd, version).write();
    }

    /** {@code virtdeck-snapshot-create} for {@code virtdeck snapshot create}. */
    static String pageName(CommandSpec cmd) {
        return cmd.qualifiedName("-");
    }

    private String write() {
        String name = pageName(cmd);
        line(".\\\" Generated from virtdeck's picocli annotations (dev.virtdeck.cli.man); do not edit.");
        line(".TH " + Roff.text(name.toUpperCase(java.util.Locale.ROOT)) + " 1 \"\" " + quoted("virtdeck " + version)
                + " \"virtdeck manual\"");
        line(".SH NAME");
        String[] desc = descriptionLines();
        line(Roff.text(name) + " \\- " + Roff.text(summary(desc)));
        synopsis();
        section("DESCRIPTION");
        paragraphs(desc);
        positionals();
        options();
        subcommands();
        if (cmd.parent() == null) {
            footerFacts();
        }
        exitStatus();
        seeAlso();
        return out.toString();
    }

    private void synopsis() {
        section("SYNOPSIS");
        StringBuilder s = new StringBuilder(Roff.bold(cmd.root().name()));
        if (cmd.parent() != null) {
            s.append(" [").append(Roff.italic("GLOBAL OPTIONS")).append("]");
            for (String part : cmd.qualifiedName(" ").split(" ")) {
                if (!part.equals(cmd.root().name())) s.append(' ').append(Roff.bold(part));
            }
        }
        if (!ownOptions().isEmpty()) s.append(" [").append(Roff.italic("OPTIONS")).append("]");
        if (!visibleSubcommands().isEmpty()) s.append(' ').append(Roff.italic("COMMAND")).append(" ...");
        for (PositionalParamSpec p : cmd.positionalParameters()) {
            if (p.hidden()) continue;
            String label = Roff.italic(p.paramLabel()) + (p.arity().max() > 1 && !p.paramLabel().contains("...") ? "..." : "");
            s.append(' ').append(p.arity().min() > 0 ? label : "[" + label + "]");
        }
        line(".nh");
        line(".ad l");
        line(s.toString());
        line(".ad");
        line(".hy");
    }

    private void positionals() {
        List<PositionalParamSpec> ps = cmd.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (ps.isEmpty()) return;
        section("ARGUMENTS");
        for (PositionalParamSpec p : ps) {
            line(".TP");
            line(Roff.italic(p.paramLabel()));
            paragraphs(clean(p.description()));
        }
    }

    private void options() {
        List<OptionSpec> own = ownOptions();
        if (!own.isEmpty()) {
            section(cmd.parent() == null ? "GLOBAL OPTIONS" : "OPTIONS");
            if (cmd.parent() == null) {
                line("Accepted before or after the command: "
                        + Roff.bold("virtdeck -o json list") + " is " + Roff.bold("virtdeck list -o json") + ".");
            }
            for (OptionSpec o : own) option(o);
        }
        List<OptionSpec> inherited = cmd.options().stream().filter(o -> o.inherited() && !o.hidden()).toList();
        if (cmd.parent() != null && !inherited.isEmpty()) {
            section("GLOBAL OPTIONS");
            List<String> names = new ArrayList<>();
            for (OptionSpec o : inherited) names.add(Roff.bold(o.longestName()));
            line("The options of " + Roff.bold("virtdeck") + "(1), before or after the command: "
                    + String.join(", ", names) + ".");
        }
    }

    private void option(OptionSpec o) {
        line(".TP");
        List<String> names = new ArrayList<>();
        for (String n : o.names()) names.add(Roff.bold(n));
        String head = String.join(", ", names);
        if (o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp()) head += " " + Roff.italic(o.paramLabel());
        line(head);
        paragraphs(clean(o.description()));
    }

    private void subcommands() {
        List<CommandSpec> subs = visibleSubcommands();
        if (subs.isEmpty()) return;
        section("COMMANDS");
        for (CommandSpec s : subs) {
            line(".TP");
            line(".BR " + Roff.text(pageName(s)) + " (1)");
            line(Roff.text(summary(clean(s.usageMessage().description())) + "."));
        }
    }

    /** The root page only: where virtdeck reads and writes, and what it reads from the environment. */
    private void footerFacts() {
        section("FILES");
        item("~/.config/virtdeck/inventory.yaml", "The inventory read when no -i is given.");
        item("~/.config/virtdeck/config.yaml", "The TUI's settings (keys, theme, refresh interval).");
        item("~/.ssh/config", "OpenSSH client settings honoured for every host; -i ssh: takes its hosts.");
        item("${XDG_STATE_HOME:-~/.local/state}/virtdeck/virtdeck.log", "The log (10 MB, 3 old files kept).");
        item("${XDG_CACHE_HOME:-~/.cache}/virtdeck/vms-*.txt",
                "VM names of the last listing of each host, one file per inventory, for shell completion.");
        section("ENVIRONMENT");
        item("VIRTDECK_AGENT", "off: never hand commands to a running agent (as --no-agent).");
        item("VIRTDECK_AGENT_SOCKET", "The agent's socket (default $XDG_RUNTIME_DIR/virtdeck/agent.sock).");
        item("XDG_CACHE_HOME, XDG_STATE_HOME, XDG_RUNTIME_DIR", "Where the cache, the log and the agent's socket go.");
    }

    private void exitStatus() {
        section("EXIT STATUS");
        for (Map.Entry<Integer, String> e : ExitCodes.MEANINGS.entrySet()) item(e.getKey().toString(), e.getValue());
    }

    private void seeAlso() {
        List<String> refs = new ArrayList<>();
        CommandSpec parent = cmd.parent();
        if (parent != null) refs.add(ref(parent));
        for (CommandSpec s : visibleSubcommands()) refs.add(ref(s));
        if (parent != null && parent.parent() != null) refs.add(ref(cmd.root()));
        refs.add(".BR ssh_config (5)");
        section("SEE ALSO");
        for (int i = 0; i < refs.size(); i++) line(refs.get(i) + (i < refs.size() - 1 ? " ," : ""));
        line(".PP");
        line("docs/cli.md and docs/inventory.md of the virtdeck source.");
    }

    private static String ref(CommandSpec s) {
        return ".BR " + Roff.text(pageName(s)) + " (1)";
    }

    private List<OptionSpec> ownOptions() {
        return cmd.options().stream().filter(o -> !o.inherited() && !o.hidden()).toList();
    }

    private List<CommandSpec> visibleSubcommands() {
        List<CommandSpec> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cmd.subcommands().entrySet()) {
            CommandSpec s = e.getValue().getCommandSpec();
            if (!s.usageMessage().hidden() && s.name().equals(e.getKey())) out.add(s); // aliases once
        }
        return out;
    }

    private String[] descriptionLines() {
        return clean(cmd.usageMessage().description());
    }

    /** picocli's description lines are format strings: {@code %n} a line break, {@code %%} a percent. */
    private static String[] clean(String[] lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) for (String part : l.split("%n", -1)) out.add(part.replace("%%", "%"));
        return out.toArray(String[]::new);
    }

    /** The description's first sentence, without its period (NAME, the list of commands). */
    private static String summary(String[] desc) {
        String all = String.join(" ", desc).strip();
        int end = all.indexOf(". ");
        String first = end < 0 ? all : all.substring(0, end);
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private void paragraphs(String[] lines) {
        for (String l : lines) {
            if (l.isBlank()) line(".PP");
            else line(Roff.text(l.strip()));
        }
    }

    private void item(String tag, String text) {
        line(".TP");
        line(Roff.bold(tag));
        line(Roff.text(text));
    }

    private void section(String title) {
        line(".SH " + quoted(title));
    }

    private static String quoted(String s) {
        return "\"" + Roff.text(s).replace("\"", "\\(dq") + "\"";
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
