package dev.virtdeck.tui;

import dev.virtdeck.cli.Sizes;
import dev.virtdeck.cli.UsageException;
import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.fleet.Failures;
import dev.virtdeck.fleet.Outcome;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetAction;
import dev.virtdeck.fleet.TargetResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * What the action keys do: check capabilities, confirm dangerous actions, open the resize and
 * disk dialogs, and run jobs through {@link dev.virtdeck.fleet.Fleet#run} off the UI thread, one
 * task per VM so progress shows per VM. Every job is logged as its CLI line.
 */
final class Actions {
    private final TuiApp app;
    private final List<String> prefix;

    Actions(TuiApp app, List<String> prefix) {
        this.app = app;
        this.prefix = List.copyOf(prefix);
    }

    List<String> prefix() {
        return prefix;
    }

    /** A job: the CLI verb and options, the action per VM and the word shown while it runs. */
    record Job(String verb, List<String> options, TargetAction action, String running) {
    }

    /** @return why the row's driver cannot do {@code op}, or null when it can (or nothing is needed) */
    String refusal(VmRow row, Operation op) {
        if (op == null) return null;
        Capabilities caps = app.snap.capabilities(row);
        if (caps == null) return "host " + row.vm().host() + " is not listed yet";
        Capability c = caps.of(op);
        return c.supported() ? null : op.cliName() + " not supported: " + c.reason();
    }

    /** Runs the action of a key on the marked VMs or the selected one. */
    void perform(KeyBinding b) {
        switch (b.action()) {
            case NEW_VM -> {
                String host = app.selectedRow().map(r -> r.vm().host())
                        .orElse(app.snap.hosts().isEmpty() ? "HOST" : app.snap.hosts().get(0).name());
                commandPrompt("create " + host + " NAME --vcpus 1 --memory 512M --kernel PATH --initrd PATH");
                return;
            }
            case HOST_INFO -> {
                hostInfo();
                return;
            }
            default -> {
            }
        }
        List<VmRow> targets = app.targets();
        if (targets.isEmpty()) {
            app.flash(b.description() + ": no VM selected", true);
            return;
        }
        if (b.action() == ActionId.PAUSE) {
            pauseOrResume(b, targets);
            return;
        }
        List<VmRow> ok = supported(b.description(), b.needs(), targets);
        if (ok.isEmpty()) return;
        switch (b.action()) {
            case START -> launch(new Job("start", List.of(), (d, vm) -> d.start(vm), "starting"), ok);
            case SHUTDOWN -> shutdown(ok);
            case FORCE_OFF -> confirm("Force off", ok, () -> launch(poweroff(), ok));
            case REBOOT -> confirm("Reboot", ok, () -> launch(new Job("reboot", List.of(), (d, vm) -> d.reboot(vm),
                    "rebooting"), ok));
            case RESET -> confirm("Reset", ok, () -> launch(new Job("reset", List.of(), (d, vm) -> d.reset(vm),
                    "resetting"), ok));
            case MEMORY -> valueDialog(MEMORY_DIALOG, ok);
            case VCPUS -> valueDialog(VCPU_DIALOG, ok);
            case DISK -> valueDialog(DISK_DIALOG, ok);
            case DETAILS -> details(ok.get(0));
            default -> app.flash(b.description() + ": not available", true);
        }
    }

    /**
     * @return the targets whose driver supports {@code op}; the others are reported (all of them
     *         unsupported: an error naming the reason, never silently ignored)
     */
    private List<VmRow> supported(String what, Operation op, List<VmRow> targets) {
        List<VmRow> ok = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (VmRow r : targets) {
            String why = refusal(r, op);
            if (why == null) ok.add(r);
            else refused.add(r.key() + ": " + why);
        }
        if (!refused.isEmpty()) {
            app.flash(what + ": skipped " + String.join("; ", refused), true);
            if (!ok.isEmpty()) app.oplog.detail(what + ": skipped " + String.join("; ", refused));
        }
        return ok;
    }

    private void pauseOrResume(KeyBinding b, List<VmRow> targets) {
        List<VmRow> paused = targets.stream().filter(r -> r.vm().state() == VmState.PAUSED).toList();
        List<VmRow> others = targets.stream().filter(r -> r.vm().state() != VmState.PAUSED).toList();
        List<VmRow> resume = supported("resume", Operation.RESUME, paused);
        List<VmRow> pause = supported("pause", Operation.PAUSE, others);
        if (!resume.isEmpty()) launch(new Job("resume", List.of(), (d, vm) -> d.resume(vm), "resuming"), resume);
        if (!pause.isEmpty()) launch(new Job("pause", List.of(), (d, vm) -> d.pause(vm), "pausing"), pause);
    }

    private static Job poweroff() {
        return new Job("poweroff", List.of(), (d, vm) -> d.poweroff(vm), "forcing off");
    }

    private void shutdown(List<VmRow> targets) {
        long secs = app.config.shutdownTimeout().toSeconds();
        ShutdownRequest req = new ShutdownRequest(app.config.shutdownTimeout(), false, true);
        launch(new Job("shutdown", List.of("--timeout", Long.toString(secs)), (d, vm) -> d.shutdown(vm, req),
                "shutting down"), targets, failed -> {
            // escalation: offer force off for the VMs that did not stop in time
            List<VmRow> still = new ArrayList<>();
            for (VmRow r : targets) if (failed.contains(r.key())) still.add(r);
            if (!still.isEmpty() && app.keys.binding(ActionId.FORCE_OFF) != null) {
                List<VmRow> can = still.stream().filter(r -> refusal(r, Operation.POWEROFF) == null).toList();
                if (!can.isEmpty()) {
                    confirm("Graceful shutdown failed or timed out after " + secs + " s. Force off", can,
                            () -> launch(poweroff(), can));
                }
            }
        });
    }

    private void confirm(String what, List<VmRow> targets, Runnable yes) {
        List<String> lines = new ArrayList<>();
        lines.add(what + " " + (targets.size() == 1 ? "this VM" : "these " + targets.size() + " VMs") + "?");
        for (VmRow r : targets) lines.add("  " + r.key() + "  (" + r.vm().state().label() + ")");
        lines.add("");
        lines.add("y: yes    n / esc: no");
        app.show(new Overlay.Confirm(what, lines, yes));
    }

    void launch(Job job, List<VmRow> targets) {
        launch(job, targets, failed -> { });
    }

    /**
     * Runs a job on every target in parallel; progress per VM in the table and the status line;
     * at the end a summary, the log entry, a refresh of the hosts involved, and for failures a
     * result box that stays until dismissed.
     */
    void launch(Job job, List<VmRow> targets, java.util.function.Consumer<Set<String>> afterFailures) {
        List<String> words = new ArrayList<>();
        words.add(job.verb());
        for (VmRow r : targets) words.add(CliLine.selector(r.vm().host(), r.vm().name()));
        words.addAll(job.options());
        String line = CliLine.of(prefix, words);
        for (VmRow r : targets) app.busy.put(r.key(), job.running());
        int n = targets.size();
        AtomicInteger done = new AtomicInteger();
        Map<String, Outcome> results = new LinkedHashMap<>();
        for (VmRow r : targets) results.put(r.key(), null);
        app.sticky(job.verb() + ": 0/" + n + " done");
        for (VmRow r : targets) {
            Target t = new Target(r.vm().host(), r.vm().name(), r.vm().driver());
            app.background().execute(() -> {
                TargetResult res = app.model.fleet().run(List.of(t), job.action()).get(0);
                app.invokeLater(() -> {
                    results.put(r.key(), res.outcome());
                    app.busy.remove(r.key());
                    int d = done.incrementAndGet();
                    if (d < n) {
                        app.sticky(job.verb() + ": " + d + "/" + n + " done");
                    } else {
                        finish(job, line, results, afterFailures);
                    }
                });
            });
        }
    }

    private void finish(Job job, String line, Map<String, Outcome> results,
                        java.util.function.Consumer<Set<String>> afterFailures) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> failed = new LinkedHashSet<>();
        List<String> detail = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        for (Map.Entry<String, Outcome> e : results.entrySet()) {
            Outcome o = e.getValue();
            counts.merge(o.label(), 1, Integer::sum);
            if (!o.ok()) failed.add(e.getKey());
            detail.add(e.getKey() + ": " + o.label() + ": " + o.message());
            hosts.add(e.getKey().substring(0, e.getKey().indexOf(':')));
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " " + k));
        String summary = String.join(", ", parts);
        app.oplog.add(line, summary);
        for (String d : detail) app.oplog.detail(d);
        for (String h : hosts) app.model.refresh(h);
        if (failed.isEmpty()) {
            app.flash(job.verb() + ": " + summary + (results.size() == 1 ? " (" + detail.get(0) + ")" : ""), false);
        } else {
            app.flash(job.verb() + ": " + summary, true);
            List<String> lines = new ArrayList<>(detail);
            lines.add("");
            lines.add("CLI: " + line);
            app.show(new Overlay.Text(job.verb() + ": " + summary + " (esc to dismiss)", lines, true));
            afterFailures.accept(failed);
        }
    }

    // ------------------------------------------------------------------ dialogs

    /** A scope choice of the resize and disk dialogs. */
    private record Mode(String label, Set<Scope> scope, boolean max, List<String> flags) {
    }

    private List<Mode> modes(VmRow first, Operation op, boolean withMax) {
        Capabilities caps = app.snap.capabilities(first);
        Capability c = caps == null ? Capability.full(op) : caps.of(op);
        boolean running = first.vm().state().isActive();
        List<Mode> out = new ArrayList<>();
        if (running && c.live() && c.config()) {
            out.add(new Mode("live now and at next boot", Scope.of(true, true), false, List.of("--live", "--config")));
        }
        if (running && c.live()) out.add(new Mode("live now only (lost at shutdown)", Scope.of(true, false), false,
                List.of("--live")));
        if (c.config()) out.add(new Mode("at next boot only (configuration)", Scope.of(false, true), false,
                List.of("--config")));
        if (withMax && c.config()) out.add(new Mode("the MAXIMUM, at next boot", Scope.of(false, true), true,
                List.of("--max")));
        return out;
    }

    private static String names(List<VmRow> targets) {
        List<String> n = targets.stream().map(VmRow::key).toList();
        return n.size() <= 3 ? String.join(", ", n) : String.join(", ", n.subList(0, 3)) + " and " + (n.size() - 3) + " more";
    }

    /**
     * What differs between the dialogs that read one value for the targets (memory, vCPUs, disk):
     * {@code what} names the action in messages, {@code ability} what the driver may lack; with
     * {@code current} and {@code maximum} (per VM, shown with {@code unit}) the dialog lists the
     * first VMs' values, refuses a value above a VM's maximum and offers to change the maximum
     * instead; without them it shows only {@code help}. {@code job} builds the job for the chosen
     * mode and the parsed value.
     */
    private record ValueDialog(String title, Operation op, String what, String ability,
                               Function<VmInfo, Number> current, Function<VmInfo, Number> maximum, String unit,
                               List<String> help, ToLongFunction<String> parse, BiFunction<Mode, Long, Job> job) {
    }

    private static final ValueDialog MEMORY_DIALOG = new ValueDialog("Set memory", Operation.SET_MEMORY, "memory",
            "change memory", VmInfo::memoryMiB, VmInfo::maxMemoryMiB, " MiB",
            List.of("Size: number with K, M, G, T suffix (binary); bare number = MiB."), Sizes::parseMiB,
            (m, size) -> new Job("set-memory", concat(m.flags(), List.of(size + "M")),
                    (d, vm) -> d.setMemory(vm, size, m.scope(), m.max()), "resizing"));

    private static final ValueDialog VCPU_DIALOG = new ValueDialog("Set vCPUs", Operation.SET_VCPUS, "vCPUs",
            "change vCPUs", VmInfo::vcpus, VmInfo::maxVcpus, "", List.of(),
            text -> Sizes.parseCount(text, "vCPU count"),
            (m, count) -> new Job("set-vcpus", concat(m.flags(), List.of(Long.toString(count))),
                    (d, vm) -> d.setVcpus(vm, Math.toIntExact(count), m.scope(), m.max()), "resizing"));

    private static final ValueDialog DISK_DIALOG = new ValueDialog("Add disk", Operation.ATTACH_DISK, "add disk",
            "attach disks", null, null, "",
            List.of("Creates a new empty disk per VM next to its storage and attaches it.",
                    "Size: number with K, M, G, T suffix (binary); bare number = MiB; e.g. 1G."), Sizes::parseMiB,
            (m, size) -> new Job("attach-disk", concat(List.of("--size", size + "M"), m.flags()),
                    (d, vm) -> d.attachDisk(vm, size, m.scope()), "attaching"));

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** Opens {@code dialog} for the targets; Enter validates the value, then launches its job. */
    private void valueDialog(ValueDialog dialog, List<VmRow> targets) {
        VmRow first = targets.get(0);
        boolean limited = dialog.maximum() != null;
        List<Mode> modes = modes(first, dialog.op(), limited);
        if (modes.isEmpty()) {
            app.flash(dialog.what() + ": " + first.key() + " can " + dialog.ability()
                    + " neither live nor in its configuration", true);
            return;
        }
        List<String> info = new ArrayList<>();
        info.add("VMs: " + names(targets));
        if (limited) {
            for (VmRow r : targets.subList(0, Math.min(3, targets.size()))) {
                info.add(r.key() + ": current " + shown(dialog.current().apply(r.vm()), dialog.unit()) + ", maximum "
                        + shown(dialog.maximum().apply(r.vm()), dialog.unit()) + " (" + r.vm().state().label() + ")");
            }
        }
        info.addAll(dialog.help());
        app.show(new Overlay.Input(dialog.title(), info, "", modes.stream().map(Mode::label).toList(), in -> {
            Mode m = modes.get(in.mode);
            long value;
            try {
                value = dialog.parse().applyAsLong(in.value());
            } catch (UsageException e) {
                return e.getMessage();
            }
            if (limited && !m.max()) {
                for (VmRow r : targets) {
                    Number max = dialog.maximum().apply(r.vm());
                    if (max != null && value > max.longValue()) {
                        return r.key() + ": " + value + dialog.unit() + " is more than its maximum " + max
                                + dialog.unit() + " (Tab to change the maximum, at next boot)";
                    }
                }
            }
            launch(dialog.job().apply(m, value), targets);
            return null;
        }));
    }

    /** @return the value with its unit, or "?" when the driver did not say */
    private static String shown(Number value, String unit) {
        return value == null ? "?" : value + unit;
    }

    /** Opens the {@code :} prompt; Enter runs the line through the CLI in-process. */
    void commandPrompt(String initial) {
        app.show(new Overlay.Input(":", List.of("Any virtdeck command line, e.g.  list  or  start kvm1:web"),
                initial, List.of(), in -> {
            List<String> words;
            try {
                words = CliLine.split(in.value().strip());
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
            if (!words.isEmpty() && words.get(0).equals("virtdeck")) words = words.subList(1, words.size());
            if (words.isEmpty()) return "type a command, e.g. list";
            if (words.get(0).equals("console")) return "use the console key (" + app.keys.binding(ActionId.CONSOLE).keyLabel() + ") on the VM";
            List<String> args = List.copyOf(words);
            String line = CliLine.of(prefix, args);
            app.sticky("running: " + line);
            app.background().execute(() -> {
                CommandRunner.Result r = app.commandRunner().run(args);
                app.invokeLater(() -> {
                    String summary = "exit " + r.code();
                    app.oplog.add(line, summary);
                    List<String> lines = new ArrayList<>();
                    for (String l : (r.out() + r.err()).split("\n", -1)) {
                        if (!l.isEmpty()) {
                            lines.add(l);
                            app.oplog.detail(l);
                        }
                    }
                    if (lines.isEmpty()) lines.add("(no output)");
                    app.flash(line + ": " + summary, r.code() != 0);
                    app.show(new Overlay.Text(line + "  [" + summary + "]", lines, r.code() != 0));
                    app.model.refreshAll();
                });
            });
            return null;
        }));
    }

    private void hostInfo() {
        String host = app.selectedRow().map(r -> r.vm().host())
                .orElse(app.snap.hosts().isEmpty() ? null : app.snap.hosts().get(0).name());
        if (host == null) {
            app.flash("host info: no host", true);
            return;
        }
        HostView hv = app.snap.host(host);
        app.sticky("host info: asking " + host);
        app.background().execute(() -> {
            List<String> lines = new ArrayList<>();
            if (hv != null) {
                lines.add("reachable: " + hv.reachable() + (hv.error() == null ? "" : "  error: " + hv.error()));
                lines.add("groups: " + String.join(", ", hv.groups()) + "   drivers: " + String.join(", ", hv.drivers())
                        + (hv.transport() == null ? "" : " (" + hv.transport() + ")"));
                lines.add("latency: " + (hv.latencyMs() == null ? "?" : hv.latencyMs() + " ms")
                        + "   last listed: " + (hv.lastOk() == null ? "never" : hv.lastOk()));
            }
            for (HypervisorDriver d : app.model.fleet().drivers(host)) {
                try {
                    HostInfo i = d.hostInfo();
                    lines.add("");
                    lines.add("[" + i.driver() + "] " + i.hostname() + "  " + i.hypervisor() + " " + i.hypervisorVersion()
                            + "  libvirt " + i.libvirtVersion());
                    lines.add("cpus " + i.cpus() + "  memory " + mib(i.memoryTotalMiB()) + " (free " + mib(i.memoryFreeMiB())
                            + ")  max vcpus " + i.maxVcpus() + "  guests " + i.guests());
                    lines.add("vmx " + i.vmx() + "  svm " + i.svm() + "  /dev/kvm " + i.devKvm() + "  modules "
                            + i.kvmModules() + "  toolstacks " + i.toolstacks());
                    i.extra().forEach((k, v) -> lines.add(k + ": " + v));
                    lines.add("capabilities: " + capabilityLine(d.capabilities()));
                } catch (RuntimeException e) {
                    lines.add(d.kind() + ": " + Failures.describe(e, host, null));
                }
            }
            app.invokeLater(() -> {
                app.flash("host info: " + host, false);
                app.show(new Overlay.Text("Host " + host, lines, false));
            });
        });
    }

    private static String capabilityLine(Capabilities caps) {
        List<String> out = new ArrayList<>();
        for (Operation op : Operation.values()) {
            Capability c = caps.of(op);
            out.add(op.cliName() + (c.supported() ? "" : " (no: " + c.reason() + ")"));
        }
        return String.join(", ", out);
    }

    private void details(VmRow row) {
        app.background().execute(() -> {
            List<String> lines = new ArrayList<>();
            VmInfo listed = row.vm();
            VmInfo v = listed;
            try {
                HypervisorDriver d = app.model.fleet().drivers(listed.host()).stream()
                        .filter(x -> x.kind().equals(listed.driver())).findFirst().orElse(null);
                if (d != null) v = d.details(listed.name());
            } catch (RuntimeException e) {
                lines.add("(live details failed: " + Failures.describe(e, v.host(), v.name()) + "; last listed values)");
            }
            lines.add("host: " + v.host() + "   driver: " + v.driver());
            lines.add("name: " + v.name() + "   uuid: " + v.uuid());
            lines.add("state: " + v.state().label() + " (" + v.nativeState() + ")" + (row.stale() ? "  STALE" : ""));
            lines.add("vCPUs: " + num(v.vcpus()) + " / max " + num(v.maxVcpus()));
            lines.add("memory: " + mib(v.memoryMiB()) + " / max " + mib(v.maxMemoryMiB()));
            lines.add("persistent: " + v.persistent() + "   CPU time: " + Painter.cpuTime(v.cpuTimeNs()));
            Capabilities caps = app.snap.capabilities(row);
            if (caps != null) lines.add("capabilities: " + capabilityLine(caps));
            app.invokeLater(() -> app.show(new Overlay.Text("VM " + row.key(), lines, false)));
        });
    }

    static String mib(Long v) {
        return v == null ? "?" : v + " MiB";
    }

    static String num(Integer v) {
        return v == null ? "?" : v.toString();
    }
}
