package dev.virtdeck.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.fleet.Failures;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.request.BadRequestException;
import dev.virtdeck.request.PlanStep;
import dev.virtdeck.request.Plans;
import dev.virtdeck.request.SnapshotAction;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshots of one VM (key {@code t}): listed in the background, so the UI never waits on the
 * host; {@code c} takes one (asking its name), {@code r} reverts and {@code d} deletes the selected
 * one, each behind a confirmation that names the snapshot and the VM. The changes run as every
 * TUI action does ({@link Actions#launch}: progress, result, operation log, refresh). UI thread
 * only, except the listing.
 */
final class SnapshotView {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String ROW = "%s %-20s %-17s %-8s %-21s %s";
    private static final String KEYS = "c: create   r: revert   d: delete   R: reload   j/k: move   esc: close";

    private final TuiApp app;
    private final VmRow row;
    private List<VmSnapshot> snapshots = List.of();
    private Overlay.Pick pick;

    SnapshotView(TuiApp app, VmRow row) {
        this.app = app;
        this.row = row;
    }

    /** Opens the view (after the capability check) and asks the host for the list. */
    void open() {
        String no = app.actions().refusal(row, Operation.SNAPSHOT);
        if (no != null) {
            app.flash("snapshots: " + row.key() + ": " + no, true);
            return;
        }
        pick = new Overlay.Pick("Snapshots of " + row.key(), List.of("asking " + row.vm().host() + " ..."), List.of(),
                KEYS, this::key);
        app.show(pick);
        load();
    }

    private void load() {
        HypervisorDriver driver = app.model.fleet().drivers(row.vm().host()).stream()
                .filter(d -> d.kind().equals(row.vm().driver())).findFirst().orElse(null);
        if (driver == null) {
            pick.info = List.of("! " + row.vm().host() + " is not connected");
            return;
        }
        String vm = row.vm().name();
        app.background().execute(() -> {
            try {
                List<VmSnapshot> found = driver.snapshots(vm);
                app.invokeLater(() -> shown(found));
            } catch (RuntimeException e) {
                String why = Failures.describe(e, row.vm().host(), vm);
                app.invokeLater(() -> pick.info = List.of("! " + why));
            }
        });
    }

    /** Shows a fresh list (UI thread), keeping the selection on the same snapshot if it is still there. */
    private void shown(List<VmSnapshot> found) {
        String was = selected() == null ? null : selected().name();
        snapshots = List.copyOf(found);
        List<String> items = new ArrayList<>();
        for (VmSnapshot s : snapshots) items.add(line(s));
        pick.items = items;
        pick.info = List.of(snapshots.isEmpty() ? "no snapshots (c: take one)"
                : "  " + String.format(ROW, " ", "NAME", "CREATED (UTC)", "STATE", "KIND", "DESCRIPTION"));
        pick.selected = 0;
        for (int i = 0; i < snapshots.size(); i++) if (snapshots.get(i).name().equals(was)) pick.selected = i;
        if (was == null) {
            for (int i = 0; i < snapshots.size(); i++) if (snapshots.get(i).current()) pick.selected = i;
        }
    }

    static String line(VmSnapshot s) {
        return String.format(ROW, s.current() ? "*" : " ", s.name(),
                s.created() == null ? "?" : TIME.format(s.created()),
                s.nativeState() != null ? s.nativeState() : s.vmState().label(), s.kind(),
                s.description() == null ? "" : s.description());
    }

    private VmSnapshot selected() {
        return snapshots.isEmpty() ? null : snapshots.get(Math.min(pick.selected, snapshots.size() - 1));
    }

    /** @return false to close the view */
    private boolean key(KeyStroke k) {
        KeyType t = k.getKeyType();
        Character c = t == KeyType.Character ? k.getCharacter() : null;
        if (t == KeyType.Escape || (c != null && c == 'q')) return false;
        if (t == KeyType.ArrowDown || (c != null && c == 'j')) {
            pick.selected = Math.min(pick.selected + 1, Math.max(0, snapshots.size() - 1));
        } else if (t == KeyType.ArrowUp || (c != null && c == 'k')) {
            pick.selected = Math.max(0, pick.selected - 1);
        } else if (c != null && c == 'R') {
            load();
        } else if (c != null && c == 'c') {
            app.closeOverlay();
            askName();
        } else if (c != null && (c == 'r' || c == 'd')) {
            VmSnapshot s = selected();
            if (s == null) {
                app.flash("snapshots: " + row.key() + " has none to " + (c == 'r' ? "revert to" : "delete"), true);
                return true;
            }
            app.closeOverlay();
            confirm(c == 'r' ? SnapshotAction.revert(s.name()) : SnapshotAction.delete(s.name()), s);
        }
        return true;
    }

    private void askName() {
        app.show(new Overlay.Input("New snapshot of " + row.key(),
                List.of("Name of the snapshot (one line, no '/'); a running VM is taken with its memory where the driver can."),
                "", List.of(), in -> {
            SnapshotAction create;
            try {
                create = SnapshotAction.create(in.value().strip(), null);
            } catch (BadRequestException e) {
                return e.getMessage();
            }
            run(create);
            return null;
        }));
    }

    /** Asks before a revert or delete, naming the snapshot, the VM and what would happen (the plan's words). */
    private void confirm(SnapshotAction action, VmSnapshot s) {
        boolean revert = action.action() == SnapshotAction.Action.REVERT;
        String title = revert ? "Revert to snapshot '" + s.name() + "'" : "Delete snapshot '" + s.name() + "'";
        List<String> lines = new ArrayList<>();
        lines.add((revert ? "Revert " + row.key() + " to snapshot '" + s.name() + "'?"
                : "Delete snapshot '" + s.name() + "' of " + row.key() + "?"));
        lines.add("  taken " + (s.created() == null ? "?" : TIME.format(s.created())) + ", VM "
                + (s.nativeState() != null ? s.nativeState() : s.vmState().label()) + ", " + s.kind()
                + (s.description() == null ? "" : ": " + s.description()));
        PlanStep step = Plans.step(action, new Target(row.vm().host(), row.vm().name(), row.vm().driver()),
                app.snap.capabilities(row), row.vm());
        lines.add("  " + step.outcome().label() + ": " + step.message());
        if (revert) lines.add("! the VM's disks (and memory, if the snapshot has it) go back: what changed since is lost");
        lines.add("");
        lines.add("y: yes    n / esc: no");
        app.show(new Overlay.Confirm(title, lines, () -> run(action)));
    }

    /** Runs the change like any VM action: progress in the row, the result flashed and logged ({@code t} shows the list again). */
    private void run(SnapshotAction action) {
        app.actions().launch(action, List.of(row));
    }
}
