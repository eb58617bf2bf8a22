package dev.virtdeck.tui;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import dev.virtdeck.driver.ConsoleStream;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The TUI: one screen with the host pane, the VM table, a status line and the hint bar. One
 * thread (the one calling {@link #run()} or {@link #pump()}) owns all state and all drawing;
 * background work comes back through {@link #invokeLater}, like Lanterna's GUI thread. The
 * {@link Screen} draws only the cells that changed.
 *
 * <p>Size (~530 lines): this is the owner of the UI thread's state (selection, marks, filter,
 * overlays, busy rows) and the key dispatch over it; drawing ({@link Painter}), actions
 * ({@link Actions}) and data ({@link FleetModel}) are already apart, and what is left shares
 * that state, which one class keeps on one thread.
 */
public final class TuiApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TuiApp.class);
    static final long STATUS_MS = 6000;

    final Screen screen;
    final FleetModel model;
    final TuiConfig config;
    final KeyTable keys;
    final Theme theme;
    final OperationLog oplog;
    final Clock clock;
    private final CommandRunner commands;
    private final ConsoleBridge consoles;
    private final Painter painter;
    private final Actions actions;
    private final ExecutorService background;
    private final BlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
    private boolean consoleOpening; // UI thread only
    private final AtomicReference<Snapshot> pendingSnapshot = new AtomicReference<>();

    // --- UI-thread state, read by the painter ---
    Snapshot snap = Snapshot.EMPTY;
    List<VmRow> visible = List.of();
    /** The table's order ({@code <}, {@code >}, {@code I}). */
    TableSort sort = TableSort.NONE;
    int selected;
    int top;
    String filter = "";
    boolean filtering;
    final Set<String> marks = new LinkedHashSet<>();
    final Map<String, String> busy = new HashMap<>();
    Status status;
    Overlay overlay;
    private final List<Overlay> queued = new ArrayList<>();
    private String selectedKey;
    /** Until the user moves, the first row stays selected while hosts answer in any order. */
    private boolean userMoved;
    private boolean quit;
    private boolean dirty = true;
    private boolean full = true;
    private long lastDraw;

    /** A status-line message; {@code until} 0 means it stays until replaced. */
    record Status(String text, boolean error, long until) {
    }

    /**
     * @param cliPrefix the program and global options written before each logged CLI line
     */
    public TuiApp(Screen screen, FleetModel model, TuiConfig config, OperationLog oplog, CommandRunner commands,
                  ConsoleBridge consoles, List<String> cliPrefix, Clock clock) {
        this.screen = screen;
        this.model = model;
        this.config = config;
        this.keys = config.keys();
        this.theme = config.theme();
        this.oplog = oplog;
        this.commands = commands;
        this.consoles = consoles;
        this.clock = clock;
        this.background = Executors.newFixedThreadPool(16,
                new ThreadFactoryBuilder().setNameFormat("virtdeck-tui-work-%d").setDaemon(true).build());
        this.painter = new Painter(this);
        this.actions = new Actions(this, cliPrefix);
        model.addListener(s -> {
            // coalesce: only the newest snapshot is applied, however many arrived meanwhile
            if (pendingSnapshot.getAndSet(s) == null) invokeLater(this::applyPending);
        });
        applySnapshot(model.snapshot());
    }

    /** Runs {@code r} on the UI thread (from any thread). */
    public void invokeLater(Runnable r) {
        events.add(r);
    }

    ExecutorService background() {
        return background;
    }

    CommandRunner commandRunner() {
        return commands;
    }

    Actions actions() {
        return actions;
    }

    /** Starts the screen and runs until quit. */
    public void run() throws IOException {
        screen.startScreen();
        screen.setCursorPosition(null);
        try {
            while (!quit) {
                if (!pump()) {
                    Runnable r = pollEvent(50);
                    if (r != null) runEvent(r);
                }
            }
        } finally {
            screen.stopScreen();
        }
    }

    /**
     * Handles every key and event available now, then redraws what changed.
     *
     * @return whether anything was handled
     */
    public boolean pump() throws IOException {
        boolean any = false;
        if (screen.doResizeIfNecessary() != null) {
            full = true;
            dirty = true;
            any = true;
        }
        KeyStroke k;
        while (!quit && (k = screen.pollInput()) != null) {
            if (k.getKeyType() == KeyType.EOF) {
                quit = true;
                break;
            }
            handleKey(k);
            any = true;
        }
        Runnable r;
        while ((r = events.poll()) != null) {
            runEvent(r);
            any = true;
        }
        long now = clock.millis();
        if (status != null && status.until() > 0 && now >= status.until()) {
            status = null;
            dirty = true;
        }
        if (now - lastDraw >= 1000) dirty = true; // ages in the host pane
        if (dirty) draw();
        return any;
    }

    private Runnable pollEvent(long ms) {
        try {
            return events.poll(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            quit = true;
            return null;
        }
    }

    private void runEvent(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("UI event failed", e);
            flash("internal error: " + e, true);
        }
        dirty = true;
    }

    /** @return true once {@code q} was pressed */
    public boolean quitRequested() {
        return quit;
    }

    void draw() throws IOException {
        TerminalSize size = screen.getTerminalSize();
        painter.paint(screen.newTextGraphics(), size);
        screen.refresh(full ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        full = false;
        dirty = false;
        lastDraw = clock.millis();
    }

    // ------------------------------------------------------------------ snapshot and rows

    private void applyPending() {
        Snapshot s = pendingSnapshot.getAndSet(null);
        if (s != null) applySnapshot(s);
    }

    void applySnapshot(Snapshot s) {
        snap = s;
        Set<String> present = new java.util.HashSet<>();
        for (VmRow r : s.rows()) present.add(r.key());
        marks.retainAll(present);
        refilter();
    }

    /** Sorts the table another way, keeping the selected VM selected, and says how. */
    private void sort(TableSort s) {
        sort = s;
        refilter();
        flash("sorted by " + s.label() + "  (> next column, < previous, I reverse)", false);
    }

    /** Recomputes the visible rows for the filter and the sort, keeping the selected VM selected. */
    void refilter() {
        String f = filter.toLowerCase(Locale.ROOT);
        if (f.isEmpty()) {
            visible = sort.column() == TableSort.Column.NONE && !sort.descending() ? snap.rows() : sort.apply(snap.rows());
        } else {
            String[] keys = filterKeys();
            List<VmRow> out = new ArrayList<>();
            List<VmRow> rows = snap.rows();
            for (int i = 0; i < rows.size(); i++) {
                VmRow r = rows.get(i);
                // "host:name" contains every substring of the name and of the host
                if (keys[i].contains(f) || r.vm().state().label().equals(f)) out.add(r);
            }
            visible = sort.apply(out);
        }
        int idx = -1;
        if (selectedKey != null && userMoved) {
            for (int i = 0; i < visible.size(); i++) {
                if (visible.get(i).key().equals(selectedKey)) {
                    idx = i;
                    break;
                }
            }
        }
        select(idx >= 0 ? idx : Math.min(selected, visible.size() - 1));
        dirty = true;
    }

    private Snapshot keyedFor;
    private String[] filterKeys;

    /**
     * Lower-case "host:name tag:T..." per row (so "/tag:prod" keeps the VMs of hosts tagged prod),
     * built once per snapshot instead of on every filter keystroke.
     */
    private String[] filterKeys() {
        if (keyedFor != snap) {
            List<VmRow> rows = snap.rows();
            String[] k = new String[rows.size()];
            for (int i = 0; i < k.length; i++) {
                VmInfo v = rows.get(i).vm();
                StringBuilder key = new StringBuilder(v.host()).append(':').append(v.name());
                for (String t : model.tags(v.host())) key.append(" tag:").append(t);
                k[i] = key.toString().toLowerCase(Locale.ROOT);
            }
            filterKeys = k;
            keyedFor = snap;
        }
        return filterKeys;
    }

    private void select(int i) {
        selected = Math.max(0, Math.min(i, visible.size() - 1));
        selectedKey = visible.isEmpty() ? null : visible.get(selected).key();
        dirty = true;
    }

    /** @return the selected row, if any */
    Optional<VmRow> selectedRow() {
        return visible.isEmpty() ? Optional.empty() : Optional.of(visible.get(selected));
    }

    /** @return the marked rows (table order), else the selected one */
    List<VmRow> targets() {
        if (!marks.isEmpty()) {
            List<VmRow> out = new ArrayList<>();
            for (VmRow r : snap.rows()) if (marks.contains(r.key())) out.add(r);
            return out;
        }
        return selectedRow().map(List::of).orElse(List.of());
    }

    int tableHeight() {
        return painter.tableHeight(screen.getTerminalSize());
    }

    // ------------------------------------------------------------------ keys

    void handleKey(KeyStroke k) {
        dirty = true;
        if (overlay != null) {
            overlayKey(k);
            return;
        }
        if (filtering) {
            filterKey(k);
            return;
        }
        Optional<KeyBinding> b = keys.find(k);
        if (b.isEmpty()) {
            if (k.getKeyType() == KeyType.Escape) {
                if (!filter.isEmpty()) {
                    filter = "";
                    refilter();
                } else if (!marks.isEmpty()) {
                    marks.clear();
                }
                return;
            }
            flash("no action on " + describe(k) + " (? for help)", false);
            return;
        }
        dispatch(b.get());
    }

    private static String describe(KeyStroke k) {
        if (k.getKeyType() == KeyType.Character) return (k.isCtrlDown() ? "ctrl-" : "") + k.getCharacter();
        return k.getKeyType().name();
    }

    private void dispatch(KeyBinding b) {
        userMoved = true;
        int page = Math.max(1, tableHeight() - 1);
        switch (b.action()) {
            case UP -> select(selected - 1);
            case DOWN -> select(selected + 1);
            case PAGE_UP -> select(selected - page);
            case PAGE_DOWN -> select(selected + page);
            case TOP -> select(0);
            case BOTTOM -> select(visible.size() - 1);
            case FILTER -> filtering = true;
            case COMMAND -> actions.commandPrompt("");
            case MARK -> selectedRow().ifPresent(r -> {
                if (!marks.remove(r.key())) marks.add(r.key());
                select(selected + 1);
            });
            case MARK_ALL -> {
                boolean all = !visible.isEmpty() && visible.stream().allMatch(r -> marks.contains(r.key()));
                for (VmRow r : visible) {
                    if (all) marks.remove(r.key());
                    else marks.add(r.key());
                }
                flash(all ? "unmarked " + visible.size() + " VMs" : marks.size() + " VMs marked", false);
            }
            case REFRESH -> {
                model.refreshNow();
                flash("refreshing every host (down hosts: trying again now)", false);
            }
            case HELP -> openHelp();
            case LOG -> {
                Overlay.Text t = new Overlay.Text("Operation log (also in " + OperationLog.defaultPath() + ")",
                        oplog.lines().isEmpty() ? List.of("(nothing done yet)") : oplog.lines(), false);
                t.top = Math.max(0, t.lines.size() - 10);
                show(t);
            }
            case QUIT -> quit = true;
            case CONSOLE -> console();
            case SORT_NEXT -> sort(sort.next());
            case SORT_PREV -> sort(sort.previous());
            case SORT_REVERSE -> sort(sort.reversed());
            default -> actions.perform(b);
        }
    }

    private void filterKey(KeyStroke k) {
        switch (k.getKeyType()) {
            case Enter -> filtering = false;
            case Escape -> {
                filtering = false;
                filter = "";
                refilter();
            }
            case Backspace -> {
                if (!filter.isEmpty()) {
                    filter = filter.substring(0, filter.length() - 1);
                    refilter();
                }
            }
            case ArrowDown, ArrowUp -> {
                filtering = false;
                handleKey(k);
            }
            case Character -> {
                if (k.isCtrlDown() && k.getCharacter() == 'u') {
                    filter = "";
                } else if (!k.isCtrlDown() && !k.isAltDown()) {
                    filter = filter + k.getCharacter();
                }
                refilter();
            }
            default -> {
            }
        }
    }

    private void overlayKey(KeyStroke k) {
        Overlay o = overlay;
        if (o instanceof Overlay.Text t) {
            int page = Math.max(1, screen.getTerminalSize().getRows() - 8);
            KeyType type = k.getKeyType();
            Character c = type == KeyType.Character ? k.getCharacter() : null;
            if (type == KeyType.Escape || type == KeyType.Enter || (c != null && (c == 'q' || c == '?' || c == 'l'))) {
                closeOverlay();
            } else if (type == KeyType.ArrowDown || (c != null && c == 'j')) {
                t.top = Math.min(t.top + 1, Math.max(0, t.lines.size() - 1));
            } else if (type == KeyType.ArrowUp || (c != null && c == 'k')) {
                t.top = Math.max(0, t.top - 1);
            } else if (type == KeyType.PageDown || (c != null && c == ' ')) {
                t.top = Math.min(t.top + page, Math.max(0, t.lines.size() - 1));
            } else if (type == KeyType.PageUp) {
                t.top = Math.max(0, t.top - page);
            }
        } else if (o instanceof Overlay.Confirm c) {
            Character ch = k.getKeyType() == KeyType.Character ? k.getCharacter() : null;
            if (ch != null && (ch == 'y' || ch == 'Y')) {
                closeOverlay();
                c.onYes.run();
            } else if (k.getKeyType() == KeyType.Escape || (ch != null && (ch == 'n' || ch == 'N' || ch == 'q'))) {
                closeOverlay();
                flash(c.title + ": cancelled", false);
            }
        } else if (o instanceof Overlay.Pick p) {
            if (!p.onKey.test(k) && overlay == p) closeOverlay();
        } else if (o instanceof Overlay.Input in) {
            switch (k.getKeyType()) {
                case Escape -> closeOverlay();
                case Enter -> {
                    String err = in.submit.apply(in);
                    if (err == null) {
                        if (overlay == in) closeOverlay();
                    } else {
                        in.error = err;
                    }
                }
                case Tab -> {
                    if (!in.modes.isEmpty()) in.mode = (in.mode + 1) % in.modes.size();
                }
                case Backspace -> {
                    if (in.text.length() > 0) in.text.setLength(in.text.length() - 1);
                    in.error = null;
                }
                case Character -> {
                    if (k.isCtrlDown() && k.getCharacter() == 'u') in.text.setLength(0);
                    else if (!k.isCtrlDown() && !k.isAltDown()) in.text.append(k.getCharacter());
                    in.error = null;
                }
                default -> {
                }
            }
        }
    }

    // ------------------------------------------------------------------ overlays and status

    /** Opens an overlay; one already open keeps the screen and this one waits its turn. */
    void show(Overlay o) {
        if (overlay == null) overlay = o;
        else queued.add(o);
        dirty = true;
    }

    void closeOverlay() {
        overlay = queued.isEmpty() ? null : queued.remove(0);
        dirty = true;
    }

    void flash(String text, boolean error) {
        status = new Status(text, error, clock.millis() + STATUS_MS);
        dirty = true;
    }

    /** A status message that stays until replaced (progress). */
    void sticky(String text) {
        status = new Status(text, false, 0);
        dirty = true;
    }

    private void openHelp() {
        List<String> lines = new ArrayList<>();
        for (KeyBinding b : keys.bindings()) {
            StringBuilder sb = new StringBuilder(String.format("%-14s %s", b.keyLabel(), b.description()));
            if (b.dangerous()) sb.append("  [asks to confirm]");
            if (b.needs() != null) {
                sb.append("  (needs ").append(b.needs().cliName()).append(')');
                String why = selectedRow().map(r -> actions.refusal(r, b.needs())).orElse(null);
                if (why != null) sb.append("  DISABLED for ").append(selectedRow().get().key()).append(": ").append(why);
            }
            lines.add(sb.toString());
        }
        lines.add("");
        lines.add("In the filter (/): type to narrow, enter keeps it, esc clears it.");
        lines.add("Esc in the table clears the filter, then the marks.");
        lines.add("Console escape key: " + config.escapeLabel() + ". Keys and colours: ~/.config/virtdeck/config.yaml");
        show(new Overlay.Text("Keys", lines, false));
    }

    // ------------------------------------------------------------------ console

    private void console() {
        Optional<VmRow> row = selectedRow();
        if (row.isEmpty()) {
            flash("console: no VM selected", true);
            return;
        }
        VmRow r = row.get();
        String refusal = actions.refusal(r, keys.binding(ActionId.CONSOLE).needs());
        if (refusal != null) {
            flash("console: " + r.key() + ": " + refusal, true);
            return;
        }
        Optional<HypervisorDriver> driver = model.fleet().drivers(r.vm().host()).stream()
                .filter(d -> d.kind().equals(r.vm().driver())).findFirst();
        if (driver.isEmpty()) {
            flash("console: " + r.vm().host() + " is not connected", true);
            return;
        }
        if (consoleOpening) {
            flash("console: another console is being opened", true);
            return;
        }
        // opening is an SSH exec that may wait on a slow host: off the UI thread, like every action
        consoleOpening = true;
        flash("console: opening " + r.key() + " ...", false);
        HypervisorDriver d = driver.get();
        background.execute(() -> {
            try {
                ConsoleStream stream = d.console(r.vm().name(), false);
                invokeLater(() -> attach(r, stream));
            } catch (RuntimeException e) {
                invokeLater(() -> {
                    consoleOpening = false;
                    flash("console: " + r.key() + ": " + Failures.describe(e, r.vm().host(), r.vm().name()), true);
                });
            }
        });
    }

    /** Hands the terminal to an opened console until its escape key, then repaints (UI thread). */
    private void attach(VmRow r, ConsoleStream stream) {
        consoleOpening = false;
        if (quit) {
            try {
                stream.close();
            } catch (IOException e) {
                // quitting anyway: a console that fails to close leaves nothing to clean here
            }
            return;
        }
        String line = CliLine.of(actions.prefix(), List.of("console", CliLine.selector(r.vm().host(), r.vm().name())));
        String end;
        try {
            screen.stopScreen();
            try {
                end = consoles.attach(stream, r.key(), config.consoleEscape());
            } finally {
                screen.startScreen();
                screen.setCursorPosition(null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        oplog.add(line, end);
        full = true;
        dirty = true;
        flash(end, false);
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
