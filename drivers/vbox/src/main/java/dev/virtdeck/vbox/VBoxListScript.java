package dev.virtdeck.vbox;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.ScriptSections;
import dev.virtdeck.ssh.ScriptSections.Section;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link VBoxDriver#list()} in ONE exec: the fixed script {@code list-script.sh} (a resource next to
 * this class; no value is ever pasted into it) runs {@code VBoxManage list vms}, then
 * {@code showvminfo UUID --machinereadable} for every uuid that listing printed (inaccessible VMs
 * skipped, as the driver skips them), then {@code metrics query} when some VM's {@code VMState} is
 * not one of poweroff, saved, aborted, aborted-saved, teleported (states without a VM process;
 * an unknown word queries too: a needless query costs less than missing figures). Each
 * step's stdout and stderr are bracketed for {@link ScriptSections}, so every step comes back as
 * the {@link ExecResult} its command alone would have given, and the usual VBoxManage rules
 * (exit code, error lines with exit 0, progress on stderr) apply to it unchanged.
 *
 * <p>A step's output could itself hold a line that looks like a marker (a multi-line VM
 * description): the sections must therefore come in exactly the order the script prints them (the
 * listing, one per listed uuid, at most one metrics section), else the whole listing fails rather
 * than let one VM's text pose as another VM's section. A lone end-marker line only cuts its own
 * VM's reading short.
 */
final class VBoxListScript {
    static final String LIST = "list";
    static final String SHOW = "show";
    static final String METRICS = "metrics";
    /** The script text, as sent. */
    static final String SCRIPT = ScriptSections.resource(VBoxListScript.class, "list-script.sh");

    private VBoxListScript() {
    }

    /**
     * The steps of one run.
     *
     * @param list    {@code list vms}, checked: it succeeded
     * @param shows   uuid to its {@code showvminfo} (failed ones included), in listing order
     * @param metrics the {@code metrics query}, or null when the script saw no VM that may run
     */
    record Steps(ExecResult list, Map<String, ExecResult> shows, ExecResult metrics) {
    }

    /**
     * Runs the script on the host.
     *
     * @throws dev.virtdeck.error.VirtdeckException {@code list vms} failed (the same error its own
     *         exec gave), or the script's output is not what it prints
     */
    static Steps run(VBoxManage vbm) {
        return steps(vbm, vbm.script(SCRIPT));
    }

    static Steps steps(VBoxManage vbm, ExecResult r) {
        List<Section> out = ScriptSections.parse(r.stdout()).sections();
        ScriptSections err = ScriptSections.parse(r.stderr());
        if (out.isEmpty() || !out.get(0).name().equals(LIST) || out.get(0).exitCode() == null) {
            throw new CommandFailedException(vbm.host(), null, r.command(), r.exitCode(), r.stdout(), r.stderr());
        }
        ExecResult list = vbm.require(null, step(vbm, r, out.get(0), err, "list", "vms"));
        List<String> uuids = VBoxParsers.vms(list.stdout()).stream().filter(v -> !v.inaccessible())
                .map(VBoxParsers.VmRef::uuid).toList();
        Map<String, ExecResult> shows = new LinkedHashMap<>();
        int i = 1;
        for (String uuid : uuids) {
            Section s = i < out.size() ? out.get(i) : null;
            if (s == null || !s.name().equals(SHOW) || !s.arg().equals(uuid) || s.exitCode() == null
                    || shows.containsKey(uuid)) {
                throw unexpected(vbm, r, out);
            }
            shows.put(uuid, step(vbm, r, s, err, "showvminfo", uuid, "--machinereadable"));
            i++;
        }
        ExecResult metrics = null;
        if (i < out.size()) {
            Section s = out.get(i++);
            if (!s.name().equals(METRICS) || s.exitCode() == null) throw unexpected(vbm, r, out);
            metrics = step(vbm, r, s, err, "metrics", "query", "*", String.join(",", VBoxMetrics.QUERIED));
        }
        if (i < out.size()) throw unexpected(vbm, r, out);
        return new Steps(list, shows, metrics);
    }

    /** @return the step as the exec of {@code VBoxManage ARGS} alone would have returned it */
    private static ExecResult step(VBoxManage vbm, ExecResult r, Section s, ScriptSections err, String... args) {
        String stderr = err.sections().stream().filter(e -> e.name().equals(s.name()) && e.arg().equals(s.arg()))
                .map(Section::stdout).findFirst().orElse("");
        return new ExecResult(vbm.line(args), s.exitCode(), s.stdout(), stderr, r.duration());
    }

    private static CommandFailedException unexpected(VBoxManage vbm, ExecResult r, List<Section> out) {
        List<String> seen = out.stream().map(s -> (s.name() + " " + s.arg()).strip()
                + (s.exitCode() == null ? " (cut short)" : "")).toList();
        return new CommandFailedException(vbm.host(), null, r.command(), r.exitCode(), "",
                "the list script's sections are not the ones it prints (a VM description holding a line"
                        + " that starts with @@virtdeck:?): " + seen + "\n" + r.stderr());
    }

}
