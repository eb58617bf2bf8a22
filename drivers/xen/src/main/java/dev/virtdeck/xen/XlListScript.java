package dev.virtdeck.xen;

import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.ScriptSections;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything one {@link XenDomains#list} reads, in ONE exec (the TUI refreshes every few seconds): the fixed
 * script {@code xl-list-script.sh} runs {@code xl list}, {@code xl list -l} (xl, while a guest runs), finds and
 * cats the config files, finds the save images and runs {@code xentop -b -i 1 -f} (xl, while a guest runs).
 * The directories and the tool go in as arguments ({@code sh -c SCRIPT sh TOOL CONFDIR SAVEDIR}), quoted like
 * any argv, with the host's sudo rule.
 *
 * <p>Each step comes back as the {@link ExecResult} it would have been on its own: its command line as the
 * driver would have sent it, its stdout and exit code. Steps share one stderr, so every step carries the
 * exec's whole stderr.
 */
final class XlListScript {
    /** The script text; sim's copy must stay equal (the simulator answers nothing else). */
    static final String SCRIPT = ScriptSections.resource(XlListScript.class, "xl-list-script.sh");

    private final Xl xl;
    private final ExecResult exec;
    private final ScriptSections sections;

    private XlListScript(Xl xl, ExecResult exec) {
        this.xl = xl;
        this.exec = exec;
        this.sections = ScriptSections.parse(exec.stdout());
    }

    /** @return {@code sh -c SCRIPT sh TOOL CONFDIR SAVEDIR} ("" for no save directory), with the sudo rule */
    static List<String> argv(Toolstack tool, XenDirs dirs) {
        return List.of("sh", "-c", SCRIPT, "sh", tool.command(), dirs.config(), dirs.save() == null ? "" : dirs.save());
    }

    /** Runs the script once; nothing is judged yet (see the accessors). */
    static XlListScript run(Xl xl, XenDirs dirs) {
        return new XlListScript(xl, xl.sh(argv(xl.tool(), dirs).toArray(String[]::new)));
    }

    /**
     * {@code xl list}. When the script never got to print it (sudo or sh refused), the exec's own exit code
     * and output stand for it, so a failure still names {@code xl list}.
     */
    ExecResult list() {
        return step("list", xl.command("list"))
                .orElseGet(() -> as(xl.command("list"), exec.exitCode() == 0 ? -1 : exec.exitCode(), exec.stdout()));
    }

    /** {@code xl list -l}; empty for xm, or when only Domain-0 runs (the script skips it). */
    Optional<ExecResult> longList() {
        return step("long", xl.command("list", "-l"));
    }

    /** {@code find CONFDIR -maxdepth 1 -name *.cfg -type f}, as {@link XenDomains#configs()} runs it. */
    ExecResult configFiles(XenDirs dirs) {
        RemoteCommand find = XenDomains.findConfigs(xl, dirs);
        return step("configs", find).orElseGet(() -> cutShort(find));
    }

    /** {@code cat -- PATH} of one config file the find listed; a file the script did not reach failed. */
    ExecResult config(String path) {
        RemoteCommand cat = xl.program("cat", "--", path);
        for (ScriptSections.Section s : sections.named("config")) {
            if (s.arg().equals(path)) return as(cat, s, stderrAbout(path));
        }
        return cutShort(cat);
    }

    /** {@code find SAVEDIR -maxdepth 1 -name *.save -type f}; empty without a save directory. */
    Optional<ExecResult> saveImages(XenDirs dirs) {
        return dirs.save() == null ? Optional.empty() : step("saves", XenDomains.findSaves(xl, dirs));
    }

    /** {@code xentop -b -i 1 -f}; empty for xm, or when only Domain-0 runs. */
    Optional<ExecResult> xentop() {
        return step("xentop", xl.program("xentop", "-b", "-i", "1", "-f"));
    }

    private Optional<ExecResult> step(String name, RemoteCommand as) {
        return sections.first(name).map(s -> as(as, s, exec.stderr()));
    }

    private ExecResult as(RemoteCommand cmd, ScriptSections.Section s, String stderr) {
        return new ExecResult(cmd.shellLine(), s.exitCode() == null ? -1 : s.exitCode(), s.stdout(), stderr,
                exec.duration());
    }

    private ExecResult as(RemoteCommand cmd, int exitCode, String stdout) {
        return new ExecResult(cmd.shellLine(), exitCode, stdout, exec.stderr(), exec.duration());
    }

    /** A step the script should have printed but did not: it was cut short (or is not the script it should be). */
    private ExecResult cutShort(RemoteCommand cmd) {
        return as(cmd, -1, "");
    }

    /** The stderr lines about one file ({@code cat: PATH: Permission denied}), else all of it. */
    private String stderrAbout(String path) {
        List<String> lines = new ArrayList<>();
        for (String line : exec.stderr().split("\n")) if (line.contains(path)) lines.add(line);
        return lines.isEmpty() ? exec.stderr() : String.join("\n", lines) + "\n";
    }

}
