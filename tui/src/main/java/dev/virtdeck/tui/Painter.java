package dev.virtdeck.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Draws the whole screen into the back buffer from the app's state: title, host pane, VM table,
 * status line, hint bar, then the overlay. Only the visible rows are drawn, so a frame costs the
 * same with 10 or 10,000 VMs; the screen then sends only the cells that changed.
 */
final class Painter {
    private static final TextColor DEF = TextColor.ANSI.DEFAULT;
    private final TuiApp app;

    // per-snapshot counts: a frame must not walk every VM (20,000 rows over 1,000 hosts, issue 13)
    private Snapshot countedFor;
    private Map<String, Integer> vmsPerHost = Map.of();
    private Map<String, Allocated> allocated = Map.of();
    private long running;

    /** What a host's active VMs hold: the overcommit view of the host pane. */
    private record Allocated(int running, int vcpus, long memoryMiB) {
        Allocated plus(VmInfo v) {
            return new Allocated(running + 1, vcpus + (v.vcpus() == null ? 0 : v.vcpus()),
                    memoryMiB + (v.memoryMiB() == null ? 0 : v.memoryMiB()));
        }
    }

    Painter(TuiApp app) {
        this.app = app;
    }

    /** The rows of the layout for a terminal size. */
    private record Layout(int hostTop, int hostRows, int tableTop, int tableRows, int statusRow, int hintTop,
                          int hintRows) {
    }

    private Layout layout(TerminalSize size, List<List<Hint>> hintLines) {
        int rows = size.getRows();
        int hintRows = hintLines.size();
        int hostLines = hostLines().size();
        int hostRows = Math.max(1, Math.min(hostLines, Math.max(2, (rows - 6) / 3)));
        int tableTop = 1 + hostRows;
        int statusRow = rows - hintRows - 1;
        int tableRows = Math.max(1, statusRow - tableTop - 1); // minus the header
        return new Layout(1, hostRows, tableTop, tableRows, statusRow, statusRow + 1, hintRows);
    }

    /** @return the number of VM rows that fit the table at this size */
    int tableHeight(TerminalSize size) {
        return layout(size, hintLines(size.getColumns())).tableRows();
    }

    void paint(TextGraphics g, TerminalSize size) {
        int cols = size.getColumns();
        g.setForegroundColor(DEF).setBackgroundColor(DEF).clearModifiers();
        g.fill(' ');
        List<List<Hint>> hints = hintLines(cols);
        Layout l = layout(size, hints);
        title(g, cols);
        hosts(g, l, cols);
        table(g, l, cols);
        statusLine(g, l, cols);
        hintBar(g, l, hints, cols);
        if (app.overlay != null) overlay(g, size, app.overlay);
    }

    // ------------------------------------------------------------------ title and hosts

    /** Counts VMs per host and running VMs once per snapshot (snapshots are immutable). */
    private void count(Snapshot s) {
        if (s == countedFor) return;
        Map<String, Integer> perHost = new java.util.HashMap<>();
        Map<String, Allocated> alloc = new java.util.HashMap<>();
        long run = 0;
        for (VmRow r : s.rows()) {
            perHost.merge(r.vm().host(), 1, Integer::sum);
            if (r.vm().state() == VmState.RUNNING) run++;
            if (r.vm().state() != null && r.vm().state().isActive()) {
                alloc.put(r.vm().host(), alloc.getOrDefault(r.vm().host(), new Allocated(0, 0, 0)).plus(r.vm()));
            }
        }
        vmsPerHost = perHost;
        allocated = alloc;
        running = run;
        countedFor = s;
    }

    private void title(TextGraphics g, int cols) {
        Snapshot s = app.snap;
        count(s);
        long up = s.hosts().stream().filter(HostView::reachable).count();
        StringBuilder t = new StringBuilder(" virtdeck | hosts ").append(up).append('/').append(s.hosts().size())
                .append(" up | VMs ").append(s.rows().size()).append(", ").append(running).append(" running");
        if (app.visible.size() != s.rows().size()) t.append(" | shown ").append(app.visible.size());
        if (!app.marks.isEmpty()) t.append(" | marked ").append(app.marks.size());
        if (!app.filter.isEmpty()) t.append(" | filter: ").append(app.filter);
        g.setForegroundColor(TextColor.ANSI.BLACK).setBackgroundColor(app.theme.color(Role.HEADER));
        g.putString(0, 0, fit(t.toString(), cols));
        g.setForegroundColor(DEF).setBackgroundColor(DEF);
    }

    /** One host-pane line: a group header (host null) or a host. */
    private record HostLine(String group, HostView host) {
    }

    private List<HostLine> hostLines() {
        Map<String, List<HostView>> byGroup = new LinkedHashMap<>();
        for (HostView h : app.snap.hosts()) byGroup.computeIfAbsent(h.group(), k -> new ArrayList<>()).add(h);
        List<HostLine> out = new ArrayList<>();
        boolean grouped = byGroup.size() > 1 || !byGroup.containsKey("");
        for (Map.Entry<String, List<HostView>> e : byGroup.entrySet()) {
            if (grouped) out.add(new HostLine(e.getKey().isEmpty() ? "(no group)" : "@" + e.getKey(), null));
            for (HostView h : e.getValue()) out.add(new HostLine(e.getKey(), h));
        }
        return out;
    }

    private void hosts(TextGraphics g, Layout l, int cols) {
        List<HostLine> lines = hostLines();
        Instant now = app.clock.instant();
        for (int i = 0; i < l.hostRows() && i < lines.size(); i++) {
            int row = l.hostTop() + i;
            HostLine hl = lines.get(i);
            if (i == l.hostRows() - 1 && lines.size() > l.hostRows()) {
                g.setForegroundColor(app.theme.color(Role.DISABLED));
                g.putString(0, row, fit("  ... " + (lines.size() - i) + " more host lines (i: host info)", cols));
                break;
            }
            if (hl.host() == null) {
                g.setForegroundColor(app.theme.color(Role.HEADER)).enableModifiers(SGR.BOLD);
                g.putString(0, row, fit(hl.group(), cols));
                g.clearModifiers();
                continue;
            }
            HostView h = hl.host();
            List<String> tags = app.model.tags(h.name());
            String name = String.format("  %-12s ", h.name()) + (tags.isEmpty() ? "" : "[" + String.join(",", tags) + "] ");
            g.setForegroundColor(DEF);
            g.putString(0, row, fit(name, cols));
            int x = name.length();
            String state;
            TextColor c;
            if (h.reachable()) {
                state = "up  ";
                c = app.theme.color(Role.OK);
            } else if (h.lastOk() == null && h.error() == null) {
                state = "... ";
                c = app.theme.color(Role.DISABLED);
            } else {
                state = "DOWN";
                c = app.theme.color(Role.ERROR);
            }
            g.setForegroundColor(c);
            if (x < cols) g.putString(x, row, fit(state, cols - x));
            x += state.length() + 1;
            StringBuilder rest = new StringBuilder();
            rest.append(h.latencyMs() == null ? "   ? ms" : String.format("%4d ms", h.latencyMs()));
            rest.append("  listed ").append(h.lastOk() == null ? "never" : age(Duration.between(h.lastOk(), now)) + " ago");
            if (h.refreshing()) rest.append(" *");
            rest.append("  ").append(h.drivers().isEmpty() ? "-" : String.join(",", h.drivers()));
            if (h.transport() != null) rest.append('/').append(h.transport());
            count(app.snap);
            int vms = vmsPerHost.getOrDefault(h.name(), 0);
            rest.append("  ").append(vms).append(" VMs");
            if (h.reachable() || h.stale()) rest.append("  ").append(summary(h));
            if (h.error() != null && h.retryAt() != null && now.isBefore(h.retryAt())) { // before a long error
                rest.append("  (retry in ").append(age(Duration.between(now, h.retryAt()))).append(')');
            }
            if (h.error() != null) rest.append(h.stale() ? "  (stale) " : "  ").append(h.error());
            g.setForegroundColor(h.error() != null ? app.theme.color(Role.ERROR) : DEF);
            if (x < cols) g.putString(x, row, fit(rest.toString(), cols - x));
        }
        g.setForegroundColor(DEF);
    }

    /**
     * The host's overcommit view: its running VMs, and the vCPUs and memory they hold against
     * the host's CPUs and memory; a "!" marks a figure above the host's total.
     */
    private String summary(HostView h) {
        Allocated a = allocated.getOrDefault(h.name(), new Allocated(0, 0, 0));
        HostView.Totals t = h.totals();
        Integer cpus = t == null ? null : t.cpus();
        Long mem = t == null ? null : t.memoryMiB();
        return a.running() + " active  vCPU " + a.vcpus() + "/" + (cpus == null ? "?" : cpus)
                + (cpus != null && a.vcpus() > cpus ? "!" : "") + "  mem " + mib(a.memoryMiB()) + "/"
                + (mem == null ? "?" : mib(mem)) + (mem != null && a.memoryMiB() > mem ? "!" : "");
    }

    /** @return MiB with a binary unit, e.g. {@code 384M}, {@code 24G}, {@code 1.5G} */
    private static String mib(long mib) {
        return mib == 0 ? "0M" : UsageText.bytes(mib * 1024 * 1024);
    }

    // ------------------------------------------------------------------ table

    /**
     * Column widths for the terminal width (0: not shown). The usage columns are added while the
     * name keeps at least 12 characters, in this order: CPU%, USED (memory in use), DISK R/W,
     * NET RX/TX, CPU TIME.
     */
    private record Cols(int host, int name, int state, int vcpu, int mem, int pct, int used, int disk, int net,
                        int cpu) {
    }

    private Cols cols(int width) {
        int hostW = 4;
        for (HostView h : app.snap.hosts()) hostW = Math.max(hostW, h.name().length());
        hostW = Math.min(hostW, 14);
        int state = 14;
        int vcpu = 5;
        int mem = 11;
        int left = width - (2 + hostW + 1 + 1 + state + 1 + vcpu + 1 + mem) - 12;
        int[] wanted = {6, 6, 11, 11, 10};
        int[] got = new int[wanted.length];
        for (int i = 0; i < wanted.length; i++) {
            if (left >= wanted[i] + 1) {
                got[i] = wanted[i];
                left -= wanted[i] + 1;
            }
        }
        int name = 12 + Math.max(0, left);
        return new Cols(hostW, name, state, vcpu, mem, got[0], got[1], got[2], got[3], got[4]);
    }

    private void table(TextGraphics g, Layout l, int width) {
        Cols c = cols(width);
        int headerRow = l.tableTop();
        g.setForegroundColor(app.theme.color(Role.HEADER)).enableModifiers(SGR.BOLD);
        g.putString(0, headerRow, fit(header(c), width));
        g.clearModifiers();
        int rows = l.tableRows();
        // keep the selection in view
        if (app.selected < app.top) app.top = app.selected;
        if (app.selected >= app.top + rows) app.top = app.selected - rows + 1;
        app.top = Math.max(0, Math.min(app.top, Math.max(0, app.visible.size() - rows)));
        if (app.visible.isEmpty()) {
            g.setForegroundColor(app.theme.color(Role.DISABLED));
            String why = app.snap.rows().isEmpty() ? "no VMs listed yet" : "no VM matches the filter '" + app.filter + "'";
            g.putString(2, headerRow + 1, fit(why, width - 2));
            g.setForegroundColor(DEF);
            return;
        }
        for (int i = 0; i < rows && app.top + i < app.visible.size(); i++) {
            int idx = app.top + i;
            VmRow r = app.visible.get(idx);
            VmInfo v = r.vm();
            boolean sel = idx == app.selected;
            boolean marked = app.marks.contains(r.key());
            String busy = app.busy.get(r.key());
            String state = busy != null ? busy + "..." : v.state().label() + (r.stale() ? "?" : "");
            TextColor bg = sel ? app.theme.color(Role.SELECTED) : DEF;
            TextColor fg = r.stale() ? app.theme.color(Role.STALE) : DEF;
            int y = headerRow + 1 + i;
            g.setBackgroundColor(bg);
            if (sel) g.enableModifiers(SGR.BOLD);
            g.setForegroundColor(marked ? app.theme.color(Role.MARKED) : fg);
            g.putString(0, y, marked ? "* " : "  ");
            g.setForegroundColor(fg);
            int x = 2;
            x = cell(g, x, y, v.host(), c.host(), width);
            x = cell(g, x, y, v.name(), c.name(), width);
            g.setForegroundColor(r.stale() ? fg : busy != null ? app.theme.color(Role.SHUTTING_DOWN) : app.theme.state(v.state()));
            x = cell(g, x, y, state, c.state(), width);
            g.setForegroundColor(fg);
            x = cell(g, x, y, pair(Actions.num(v.vcpus()), Actions.num(v.maxVcpus())), c.vcpu(), width);
            x = cell(g, x, y, pair(mem(v.memoryMiB()), mem(v.maxMemoryMiB())), c.mem(), width);
            if (c.pct() > 0) x = cell(g, x, y, UsageText.cpu(r.rates().cpuPercent()), c.pct(), width);
            if (c.used() > 0) x = cell(g, x, y, used(v), c.used(), width);
            if (c.disk() > 0) x = cell(g, x, y, UsageText.disk(r.rates()), c.disk(), width);
            if (c.net() > 0) x = cell(g, x, y, UsageText.net(r.rates()), c.net(), width);
            if (c.cpu() > 0) cell(g, x, y, cpuTime(v.cpuTimeNs()), c.cpu(), width);
            g.setBackgroundColor(DEF).setForegroundColor(DEF).clearModifiers();
        }
        if (app.visible.size() > rows) {
            String pos = " " + (app.selected + 1) + "/" + app.visible.size() + " ";
            g.setForegroundColor(app.theme.color(Role.BORDER));
            g.putString(Math.max(0, width - pos.length()), headerRow, pos);
            g.setForegroundColor(DEF);
        }
    }

    /** The header row; the sorted column's name ends in {@code ^} (ascending) or {@code v} (descending). */
    private String header(Cols c) {
        StringBuilder sb = new StringBuilder("  ");
        sb.append(pad(head(TableSort.Column.HOST, "HOST"), c.host())).append(' ')
                .append(pad(head(TableSort.Column.NAME, "NAME"), c.name())).append(' ')
                .append(pad(head(TableSort.Column.STATE, "STATE"), c.state())).append(' ')
                .append(pad(head(TableSort.Column.VCPU, "VCPU"), c.vcpu())).append(' ')
                .append(pad(head(TableSort.Column.MEMORY, "MEMORY"), c.mem()));
        if (c.pct() > 0) sb.append(' ').append(pad(head(TableSort.Column.CPU, "CPU%"), c.pct()));
        if (c.used() > 0) sb.append(' ').append(pad(head(TableSort.Column.USED, "USED"), c.used()));
        if (c.disk() > 0) sb.append(' ').append(pad(head(TableSort.Column.DISK, "DISK R/W"), c.disk()));
        if (c.net() > 0) sb.append(' ').append(pad(head(TableSort.Column.NET, "NET RX/TX"), c.net()));
        if (c.cpu() > 0) sb.append(' ').append(pad("CPU TIME", c.cpu()));
        return sb.toString();
    }

    private String head(TableSort.Column column, String text) {
        TableSort s = app.sort;
        return s.column() == column ? text + (s.descending() ? "v" : "^") : text;
    }

    private static int cell(TextGraphics g, int x, int y, String text, int w, int width) {
        if (x >= width) return x;
        g.putString(x, y, fit(pad(text, w), Math.min(w, width - x)));
        return x + w + 1;
    }

    private static String pair(String a, String b) {
        return a + "/" + b;
    }

    static String mem(Long mib) {
        if (mib == null) return "?";
        if (mib >= 1024 && mib % 1024 == 0) return (mib / 1024) + "G";
        return mib + "M";
    }

    /** @return memory in use (guest's figure, else the host's RSS), e.g. {@code 170M}, or "-" */
    static String used(VmInfo v) {
        Long kib = v.usage() == null ? null : v.usage().memoryInUseKiB();
        return kib == null ? UsageText.UNKNOWN : UsageText.bytes(kib * 1024);
    }

    static String cpuTime(Long ns) {
        if (ns == null) return "-";
        long s = ns / 1_000_000_000L;
        if (s < 60) return String.format("%.1fs", ns / 1e9);
        if (s < 3600) return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
    }

    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) return s + "s";
        if (s < 7200) return (s / 60) + "m";
        return (s / 3600) + "h";
    }

    // ------------------------------------------------------------------ status and hints

    private void statusLine(TextGraphics g, Layout l, int cols) {
        int y = l.statusRow();
        if (app.filtering) {
            g.setForegroundColor(app.theme.color(Role.HINT_KEY));
            g.putString(0, y, fit("/" + app.filter + "_   (enter: keep, esc: clear)", cols));
        } else if (app.status != null) {
            g.setForegroundColor(app.status.error() ? app.theme.color(Role.ERROR) : app.theme.color(Role.OK));
            g.putString(0, y, fit(app.status.text(), cols));
        }
        g.setForegroundColor(DEF);
    }

    /** One hint-bar entry; {@code disabled} holds the reason when the selected VM's driver cannot do it. */
    record Hint(String key, String description, String disabled) {
    }

    /** @return the hint bar's entries, in key-table order, wrapped on at most two lines */
    List<List<Hint>> hintLines(int cols) {
        List<List<Hint>> lines = new ArrayList<>();
        List<Hint> cur = new ArrayList<>();
        int used = 0;
        Optional<VmRow> sel = app.selectedRow();
        for (KeyBinding b : app.keys.bindings()) {
            if (!b.hint()) continue;
            String key = "<" + b.keys().get(0).label() + ">";
            String why = sel.map(r -> app.actions().refusal(r, b.needs())).orElse(null);
            int w = key.length() + b.description().length() + 2;
            if (used + w > cols && !cur.isEmpty()) {
                lines.add(cur);
                cur = new ArrayList<>();
                used = 0;
            }
            cur.add(new Hint(key, b.description(), why));
            used += w;
        }
        if (!cur.isEmpty()) lines.add(cur);
        return lines.size() > 2 ? lines.subList(0, 2) : lines;
    }

    private void hintBar(TextGraphics g, Layout l, List<List<Hint>> lines, int cols) {
        for (int i = 0; i < lines.size(); i++) {
            int y = l.hintTop() + i;
            int x = 0;
            for (Hint h : lines.get(i)) {
                if (x >= cols) break;
                boolean disabled = h.disabled() != null;
                g.setForegroundColor(disabled ? app.theme.color(Role.DISABLED) : app.theme.color(Role.HINT_KEY));
                if (disabled) g.enableModifiers(SGR.CROSSED_OUT);
                g.putString(x, y, fit(h.key(), cols - x));
                x += h.key().length();
                g.setForegroundColor(disabled ? app.theme.color(Role.DISABLED) : DEF);
                if (x < cols) g.putString(x, y, fit(h.description(), cols - x));
                g.clearModifiers();
                x += h.description().length() + 2;
            }
        }
        g.setForegroundColor(DEF);
    }

    // ------------------------------------------------------------------ overlays

    private void overlay(TextGraphics g, TerminalSize size, Overlay o) {
        List<String> body = new ArrayList<>();
        int top = 0;
        boolean failure = false;
        if (o instanceof Overlay.Text t) {
            body = t.lines;
            top = t.top;
            failure = t.failure;
        } else if (o instanceof Overlay.Confirm c) {
            body = c.lines;
        } else if (o instanceof Overlay.Pick p) {
            body = new ArrayList<>(p.info);
            for (int i = 0; i < p.items.size(); i++) body.add((i == p.selected ? "> " : "  ") + p.items.get(i));
            body.add("");
            body.add(p.keysLine);
            top = Math.max(0, p.info.size() + p.selected + 3 - (size.getRows() - 6)); // keep the selection in view
        } else if (o instanceof Overlay.Input in) {
            body = new ArrayList<>(in.info);
            if (!in.modes.isEmpty()) {
                body.add("Applies: " + in.modes.get(in.mode) + (in.modes.size() > 1 ? "   (tab: change)" : ""));
            }
            body.add("");
            body.add("> " + in.value() + "_");
            if (in.error != null) body.add("! " + in.error);
            body.add("enter: apply    esc: cancel");
        }
        int cols = size.getColumns();
        int rows = size.getRows();
        int w = o.title.length() + 6;
        for (String s : body) w = Math.max(w, s.length() + 4);
        w = Math.min(cols - 2, Math.max(40, w));
        int innerRows = Math.min(body.size() - top, rows - 6);
        int h = Math.max(3, innerRows + 2);
        int x0 = (cols - w) / 2;
        int y0 = Math.max(1, (rows - h) / 2);
        TextColor border = o instanceof Overlay.Confirm || failure ? app.theme.color(Role.DANGER) : app.theme.color(Role.BORDER);
        g.setBackgroundColor(DEF).setForegroundColor(DEF);
        g.fillRectangle(new com.googlecode.lanterna.TerminalPosition(x0, y0), new TerminalSize(w, h), ' ');
        g.setForegroundColor(border);
        String hline = "+" + "-".repeat(w - 2) + "+";
        g.putString(x0, y0, hline);
        g.putString(x0, y0 + h - 1, hline);
        for (int y = y0 + 1; y < y0 + h - 1; y++) {
            g.putString(x0, y, "|");
            g.putString(x0 + w - 1, y, "|");
        }
        g.enableModifiers(SGR.BOLD);
        g.putString(x0 + 2, y0, fit(" " + o.title + " ", w - 4));
        g.clearModifiers();
        for (int i = 0; i < innerRows; i++) {
            String s = body.get(top + i);
            g.setForegroundColor(s.startsWith("! ") ? app.theme.color(Role.ERROR) : DEF);
            g.putString(x0 + 2, y0 + 1 + i, fit(s, w - 4));
        }
        if (top + innerRows < body.size()) {
            g.setForegroundColor(border);
            g.putString(x0 + w - 12, y0 + h - 1, " more (j) ");
        }
        g.setForegroundColor(DEF);
    }

    // ------------------------------------------------------------------ text helpers

    static String pad(String s, int w) {
        if (s.length() >= w) return s.length() == w ? s : s.substring(0, Math.max(0, w - 1)) + "~";
        return s + " ".repeat(w - s.length());
    }

    static String fit(String s, int w) {
        if (w <= 0) return "";
        return s.length() <= w ? s : s.substring(0, w);
    }
}
