package dev.virtdeck.tui;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Capability;
import dev.virtdeck.driver.CreateSpec;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.error.NotSupportedException;
import dev.virtdeck.fleet.Failures;
import dev.virtdeck.host.HostCheck;
import dev.virtdeck.host.Readiness;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.fleet.Outcome;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetResult;
import dev.virtdeck.request.BadRequestException;
import dev.virtdeck.request.Create;
import dev.virtdeck.request.PlanStep;
import dev.virtdeck.request.Plans;
import dev.virtdeck.request.Refusal;
import dev.virtdeck.request.Request;
import dev.virtdeck.request.VmRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the VM keys do, generically from the key table's {@link VmAction}s: check capabilities,
 * confirm dangerous actions, open the value dialogs, and run the requests through
 * {@link dev.virtdeck.fleet.Fleet#run} off the UI thread, one task per VM so progress shows per
 * VM. Every job is logged as its request's CLI line.
 */
final class Actions {
    /** What {@code n} prefills: a create the user completes, spelled by the request. */
    private static final Create NEW_VM = new Create(new CreateSpec("NAME", 1, 1, 512, 512, null, "PATH", "PATH",
            null, null), false);

    private final TuiApp app;
    private final List<String> prefix;

    Actions(TuiApp app, List<String> prefix) {
        this.app = app;
        this.prefix = List.copyOf(prefix);
    }

    List<String> prefix() {
        return prefix;
    }

    /** @return why the row's driver cannot do {@code op}, or null when it can (or nothing is needed) */
    String refusal(VmRow row, Operation op) {
        if (op == null) return null;
        return refusal(row, caps -> Refusal.of(caps, op, Scope.current()));
    }

    private String refusal(VmRow row, Request request) {
        return refusal(row, request::refusal);
    }

    private String refusal(VmRow row, Function<Capabilities, Refusal> check) {
        Capabilities caps = app.snap.capabilities(row);
        if (caps == null) return "host " + row.vm().host() + " is not listed yet";
        Refusal no = check.apply(caps);
        return no == null ? null : no.message();
    }

    /** Runs the action of a key on the marked VMs or the selected one. */
    void perform(KeyBinding b) {
        switch (b.action()) {
            case NEW_VM -> {
                String host = app.selectedRow().map(r -> r.vm().host())
                        .orElse(app.snap.hosts().isEmpty() ? "HOST" : app.snap.hosts().get(0).name());
                List<String> words = new ArrayList<>(List.of(NEW_VM.verb(), host));
                words.addAll(NEW_VM.cliArguments());
                commandPrompt(CliLine.of(List.of(), words));
                return;
            }
            case HOST_INFO -> {
                hostInfo();
                return;
            }
            case SNAPSHOTS -> {
                app.selectedRow().ifPresentOrElse(r -> new SnapshotView(app, r).open(),
                        () -> app.flash("snapshots: no VM selected", true));
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
        if (b.does() instanceof VmAction.Send send) {
            send(b, send, targets, "");
        } else if (b.does() instanceof VmAction.Ask ask) {
            List<VmRow> ok = supported(b.description(), r -> refusal(r, ask.dialog().op()), targets);
            if (!ok.isEmpty()) valueDialog(ask.dialog(), ok);
        } else if (b.action() == ActionId.DETAILS) {
            List<VmRow> ok = supported(b.description(), r -> refusal(r, b.needs()), targets);
            if (!ok.isEmpty()) details(ok.get(0));
        } else {
            app.flash(b.description() + ": not available", true);
        }
    }

    /**
     * @return the targets {@code why} has no objection to; the others are reported (all of them
     *         unsupported: an error naming the reason, never silently ignored)
     */
    private List<VmRow> supported(String what, Function<VmRow, String> why, List<VmRow> targets) {
        List<VmRow> ok = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (VmRow r : targets) {
            String no = why.apply(r);
            if (no == null) ok.add(r);
            else refused.add(r.key() + ": " + no);
        }
        if (!refused.isEmpty()) {
            app.flash(what + ": skipped " + String.join("; ", refused), true);
            if (!ok.isEmpty()) app.oplog.detail(what + ": skipped " + String.join("; ", refused));
        }
        return ok;
    }

    /**
     * Sends the binding's request to the targets, one job per distinct request (a marked set of
     * paused and running VMs is resumed and paused), after a confirmation naming them when the
     * binding is dangerous.
     *
     * @param why put before the confirmation's question (for an offered fallback: what failed)
     */
    private void send(KeyBinding b, VmAction.Send send, List<VmRow> targets, String why) {
        Map<VmRequest, List<VmRow>> jobs = new LinkedHashMap<>();
        for (VmRow r : targets) {
            jobs.computeIfAbsent(send.request().of(r.vm(), app.config), k -> new ArrayList<>()).add(r);
        }
        jobs.forEach((request, rows) -> {
            List<VmRow> ok = supported(request.verb(), r -> refusal(r, request), rows);
            if (ok.isEmpty()) return;
            Runnable go = () -> launch(request, ok, failed -> fallback(b, send, ok, failed));
            if (b.dangerous()) confirm(why + title(b.description()), request, ok, go);
            else go.run();
        });
    }

    /** Offers the binding's fallback (force off after a shutdown that timed out) for the targets that failed. */
    private void fallback(KeyBinding b, VmAction.Send send, List<VmRow> targets, Set<String> failed) {
        KeyBinding next = send.fallback() == null ? null : app.keys.binding(send.fallback());
        if (next == null || !(next.does() instanceof VmAction.Send nextSend)) return;
        List<VmRow> still = targets.stream().filter(r -> failed.contains(r.key())).toList();
        if (!still.isEmpty()) send(next, nextSend, still, title(b.description()) + " failed or timed out. ");
    }

    private static String title(String description) {
        return description.substring(0, 1).toUpperCase(Locale.ROOT) + description.substring(1);
    }

    /**
     * Asks before a dangerous request, listing the plan for each target (as {@code --dry-run}
     * prints it, from the last listing): a target that would be refused is marked {@code !}.
     */
    private void confirm(String what, VmRequest request, List<VmRow> targets, Runnable yes) {
        List<String> lines = new ArrayList<>();
        lines.add(what + " " + (targets.size() == 1 ? "this VM" : "these " + targets.size() + " VMs") + "?");
        boolean refused = false;
        for (VmRow r : targets) {
            PlanStep s = Plans.step(request, new Target(r.vm().host(), r.vm().name(), r.vm().driver()),
                    app.snap.capabilities(r), r.vm());
            refused |= !s.outcome().clean();
            lines.add((s.outcome().clean() ? "  " : "! ") + r.key() + "  (" + r.vm().state().label() + ")  "
                    + s.outcome().label() + ": " + s.message());
        }
        if (refused) lines.add("! would be refused: yes still sends it to every VM listed");
        lines.add("");
        lines.add("y: yes    n / esc: no");
        app.show(new Overlay.Confirm(what, lines, yes));
    }

    void launch(VmRequest request, List<VmRow> targets) {
        launch(request, targets, failed -> { });
    }

    /**
     * Runs a request on every target in parallel; progress per VM in the table and the status
     * line; at the end a summary, the log entry, a refresh of the hosts involved, and for failures
     * a result box that stays until dismissed.
     */
    void launch(VmRequest request, List<VmRow> targets, Consumer<Set<String>> afterFailures) {
        List<String> words = new ArrayList<>();
        words.addAll(List.of(request.verb().split(" "))); // "snapshot create": a command and its sub-command
        for (VmRow r : targets) words.add(CliLine.selector(r.vm().host(), r.vm().name()));
        words.addAll(request.cliArguments());
        String line = CliLine.of(prefix, words);
        for (VmRow r : targets) app.busy.put(r.key(), request.progress());
        int n = targets.size();
        AtomicInteger done = new AtomicInteger();
        Map<String, Outcome> results = new LinkedHashMap<>();
        for (VmRow r : targets) results.put(r.key(), null);
        app.sticky(request.verb() + ": 0/" + n + " done");
        for (VmRow r : targets) {
            Target t = new Target(r.vm().host(), r.vm().name(), r.vm().driver());
            app.background().execute(() -> {
                TargetResult res = app.model.fleet().run(List.of(t), request).get(0);
                app.invokeLater(() -> {
                    results.put(r.key(), res.outcome());
                    app.busy.remove(r.key());
                    int d = done.incrementAndGet();
                    if (d < n) {
                        app.sticky(request.verb() + ": " + d + "/" + n + " done");
                    } else {
                        finish(request.verb(), line, results, afterFailures);
                    }
                });
            });
        }
    }

    private void finish(String verb, String line, Map<String, Outcome> results, Consumer<Set<String>> afterFailures) {
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
            app.flash(verb + ": " + summary + (results.size() == 1 ? " (" + detail.get(0) + ")" : ""), false);
        } else {
            app.flash(verb + ": " + summary, true);
            List<String> lines = new ArrayList<>(detail);
            lines.add("");
            lines.add("CLI: " + line);
            app.show(new Overlay.Text(verb + ": " + summary + " (esc to dismiss)", lines, true));
            afterFailures.accept(failed);
        }
    }

    // ------------------------------------------------------------------ dialogs

    /** A scope choice of the value dialogs. */
    private record Mode(String label, Set<Scope> scope, boolean max) {
    }

    private List<Mode> modes(VmRow first, Operation op, boolean withMax) {
        Capabilities caps = app.snap.capabilities(first);
        Capability c = caps == null ? Capability.full(op) : caps.of(op);
        boolean running = first.vm().state().isActive();
        List<Mode> out = new ArrayList<>();
        if (running && c.live() && c.config()) out.add(new Mode("live now and at next boot", Scope.of(true, true), false));
        if (running && c.live()) out.add(new Mode("live now only (lost at shutdown)", Scope.of(true, false), false));
        if (c.config()) out.add(new Mode("at next boot only (configuration)", Scope.of(false, true), false));
        if (withMax && c.config()) out.add(new Mode("the MAXIMUM, at next boot", Scope.current(), true));
        return out;
    }

    private static String names(List<VmRow> targets) {
        List<String> n = targets.stream().map(VmRow::key).toList();
        return n.size() <= 3 ? String.join(", ", n) : String.join(", ", n.subList(0, 3)) + " and " + (n.size() - 3) + " more";
    }

    /** Opens {@code dialog} for the targets; Enter builds the request (refusing bad values), then launches it. */
    private <R extends VmRequest> void valueDialog(ValueDialog<R> dialog, List<VmRow> targets) {
        VmRow first = targets.get(0);
        List<Mode> modes = modes(first, dialog.op(), dialog.limited());
        if (modes.isEmpty()) {
            app.flash(dialog.what() + ": " + first.key() + " can " + dialog.ability()
                    + " neither live nor in its configuration", true);
            return;
        }
        List<String> info = new ArrayList<>();
        info.add("VMs: " + names(targets));
        if (dialog.limited()) {
            for (VmRow r : targets.subList(0, Math.min(3, targets.size()))) {
                info.add(r.key() + ": current " + shown(dialog.current().apply(r.vm()), dialog.unit()) + ", maximum "
                        + shown(dialog.maximum().apply(r.vm()), dialog.unit()) + " (" + r.vm().state().label() + ")");
            }
        }
        info.addAll(dialog.help());
        app.show(new Overlay.Input(dialog.title(), info, "", modes.stream().map(Mode::label).toList(), in -> {
            Mode m = modes.get(in.mode);
            R request;
            try {
                request = dialog.build().request(in.value(), m.scope(), m.max());
            } catch (BadRequestException e) {
                return e.getMessage();
            }
            if (dialog.limited() && !m.max()) {
                long value = dialog.value().applyAsLong(request);
                for (VmRow r : targets) {
                    Number max = dialog.maximum().apply(r.vm());
                    if (max != null && value > max.longValue()) {
                        return r.key() + ": " + value + dialog.unit() + " is more than its maximum " + max
                                + dialog.unit() + " (Tab to change the maximum, at next boot)";
                    }
                }
            }
            launch(request, targets);
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
            lines.addAll(readiness(host));
            app.invokeLater(() -> {
                app.flash("host info: " + host, false);
                app.show(new Overlay.Text("Host " + host, lines, false));
            });
        });
    }

    /**
     * host-check's verdicts for the host (one survey exec over its SSH connection; no driver needed, so a
     * host with no toolstack gets them too). No probe here: it takes seconds and boots a guest.
     */
    private List<String> readiness(String host) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("readiness (virtdeck host-check " + host + "; --probe proves KVM by booting a guest):");
        ResolvedHost rh = app.model.host(host).orElse(null);
        if (rh == null) return out;
        HostCheck c = app.model.fleet().onSsh(List.of(rh), (h, ssh) -> {
            try {
                return HostCheck.run(h, ssh, false);
            } catch (RuntimeException e) {
                return HostCheck.failed(h.name(), Failures.describe(e, h.name(), null));
            }
        }, (h, why) -> HostCheck.failed(h.name(), why)).get(0);
        if (c.error() != null) {
            out.add("  not checked: " + c.error());
            return out;
        }
        for (Readiness.Check k : c.checks()) {
            out.add(String.format("  %-5s %-12s %s", k.kind(), k.verdict().label(), k.next() == null ? "" : "next: " + k.next()));
            for (String e : k.evidence()) out.add("                     - " + e);
        }
        return out;
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
        app.flash("details: reading " + row.key() + " ...", false); // a host may take a few round trips
        app.background().execute(() -> {
            List<String> lines = new ArrayList<>();
            VmInfo listed = row.vm();
            VmInfo v = listed;
            VmDetails full = null;
            String noDevices = null;
            try {
                HypervisorDriver d = app.model.fleet().drivers(listed.host()).stream()
                        .filter(x -> x.kind().equals(listed.driver())).findFirst().orElse(null);
                if (d != null) {
                    try { // devices too where the driver can tell them (show)
                        full = d.describe(listed.name());
                        v = full.vm();
                    } catch (NotSupportedException e) {
                        noDevices = "devices: " + e.detail();
                        v = d.details(listed.name());
                    }
                }
            } catch (RuntimeException e) {
                lines.add("(live details failed: " + Failures.describe(e, v.host(), v.name()) + "; last listed values)");
            }
            lines.add("host: " + v.host() + "   driver: " + v.driver()
                    + (v.residentOn() == null ? "" : "   runs on pool member: " + v.residentOn()));
            lines.add("name: " + v.name() + "   uuid: " + v.uuid());
            lines.add("state: " + v.state().label() + " (" + v.nativeState() + ")" + (row.stale() ? "  STALE" : ""));
            lines.add("vCPUs: " + num(v.vcpus()) + " / max " + num(v.maxVcpus()));
            lines.add("memory: " + mib(v.memoryMiB()) + " / max " + mib(v.maxMemoryMiB()));
            lines.add("persistent: " + v.persistent() + "   CPU time: " + Painter.cpuTime(v.cpuTimeNs()));
            if (full != null) lines.addAll(DetailsLines.of(full));
            if (noDevices != null) lines.add(noDevices);
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
