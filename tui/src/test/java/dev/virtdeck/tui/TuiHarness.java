package dev.virtdeck.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.ssh.Trace;
import dev.virtdeck.fleet.DriverOpener;
import dev.virtdeck.fleet.FakeDriver;
import dev.virtdeck.fleet.FakeSsh;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.FleetOptions;
import dev.virtdeck.inventory.LibvirtSettings;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * A TUI on a {@link DefaultVirtualTerminal} over a fleet of {@link FakeDriver}s: build it with
 * hosts, then {@link #start()}; keys go in with {@link #press}, the screen is read with
 * {@link #lines()} and {@link #cell}.
 */
final class TuiHarness implements AutoCloseable {
    final Map<String, HypervisorDriver> drivers = new LinkedHashMap<>();
    final Map<String, List<String>> groups = new LinkedHashMap<>();
    /** Inventory tags per host (none when absent). */
    final Map<String, List<String>> tags = new LinkedHashMap<>();
    final List<List<String>> commandsRun = new CopyOnWriteArrayList<>();
    final List<String> consoleAttaches = new CopyOnWriteArrayList<>();
    CommandRunner.Result commandResult = new CommandRunner.Result(0, "ok from the CLI\n", "");
    ConsoleBridge bridge = (stream, label, escape) -> {
        consoleAttaches.add(label + " esc=" + escape);
        return "disconnected from " + label;
    };
    TuiConfig config = TuiConfig.defaults();
    /** Hosts whose SSH connection is refused right now (a down host). */
    final java.util.Set<String> refusing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Times the fleet's reconnect back-off. */
    Clock fleetClock = Clock.systemUTC();
    DefaultVirtualTerminal terminal;
    TerminalScreen screen;
    FleetModel model;
    Fleet fleet;
    TuiApp app;
    OperationLog log;

    TuiHarness host(String name, String group, HypervisorDriver driver) {
        drivers.put(name, driver);
        groups.put(name, group == null ? List.of() : List.of(group));
        return this;
    }

    /** The usual two hosts: kvm1 (web, db) and kvm2 (web, cache), group rack. */
    static TuiHarness twoHosts() {
        return new TuiHarness().host("kvm1", "rack", new FakeDriver("kvm1", "web", "db"))
                .host("kvm2", "rack", new FakeDriver("kvm2", "web", "cache"));
    }

    static ResolvedHost resolved(String name) {
        return new ResolvedHost(name, name + ".example", 22, "root", List.of(Path.of("/k")), Path.of("/kh"), null,
                false, List.of("libvirt"), LibvirtSettings.DEFAULT);
    }

    TuiHarness start(int cols, int rows) {
        fleet = new Fleet(new FleetOptions(8, false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                t -> {
                    if (refusing.contains(t.name())) {
                        throw new dev.virtdeck.error.HostUnreachableException(t.name(), null, null, "connection refused");
                    }
                    return new FakeSsh(t.name(), "/usr/bin/virsh\n");
                }, new DriverOpener() {
            @Override
            public boolean implemented(String kind) {
                return true;
            }

            public java.util.List<dev.virtdeck.driver.DriverKind> kinds() {
                return FakeDriver.KINDS;
            }

            @Override
            public HypervisorDriver open(String kind, ResolvedHost h, SshHost ssh, Trace trace) {
                return drivers.get(h.name());
            }

            @Override
            public String transport(HypervisorDriver d) {
                return "fake";
            }
        }, Trace.NONE, null, fleetClock);
        List<FleetModel.Watched> watched = new ArrayList<>();
        for (String h : drivers.keySet()) watched.add(new FleetModel.Watched(resolved(h), groups.get(h), tags.getOrDefault(h, List.of())));
        model = new FleetModel(fleet, watched, Duration.ofHours(1), 4, Clock.systemUTC());
        terminal = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        try {
            screen = new TerminalScreen(terminal);
            screen.startScreen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log = new OperationLog(null, Clock.systemUTC());
        CommandRunner runner = args -> {
            commandsRun.add(args);
            return commandResult;
        };
        app = new TuiApp(screen, model, config, log, runner, bridge, List.of("virtdeck", "-i", "inv.yaml"),
                Clock.systemUTC());
        refresh();
        return this;
    }

    TuiHarness start() {
        return start(100, 30);
    }

    /** Refreshes every host, waits for it, and applies the snapshot. */
    void refresh() {
        model.refreshAll().join();
        pump();
    }

    void pump() {
        try {
            app.pump();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void press(KeyStroke... keys) {
        for (KeyStroke k : keys) terminal.addInput(k);
        pump();
    }

    void press(String chars) {
        for (char c : chars.toCharArray()) terminal.addInput(new KeyStroke(c, false, false));
        pump();
    }

    /** A clock the test moves by hand. */
    static final class SettableClock extends Clock {
        private volatile java.time.Instant now = java.time.Instant.parse("2030-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    static KeyStroke key(KeyType t) {
        return new KeyStroke(t);
    }

    static KeyStroke ctrl(char c) {
        return new KeyStroke(c, true, false);
    }

    /** Pumps until the condition holds (generous bound: background work is involved). */
    void await(BooleanSupplier cond, String what) {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!cond.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; screen:\n" + text());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            pump();
        }
    }

    void awaitText(String s) {
        await(() -> text().contains(s), "'" + s + "' on screen");
    }

    TextCharacter cell(int col, int row) {
        return terminal.getCharacter(col, row);
    }

    List<String> lines() {
        TerminalSize size = terminal.getTerminalSize();
        List<String> out = new ArrayList<>();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) sb.append(terminal.getCharacter(c, r).getCharacterString());
            out.add(sb.toString());
        }
        return out;
    }

    String text() {
        return String.join("\n", lines());
    }

    /** @return the row index of the first screen line containing all parts, or -1 */
    int rowOf(String... parts) {
        List<String> l = lines();
        for (int i = 0; i < l.size(); i++) {
            boolean all = true;
            for (String p : parts) all &= l.get(i).contains(p);
            if (all) return i;
        }
        return -1;
    }

    @Override
    public void close() {
        if (app != null) app.close();
        if (model != null) model.close();
        if (fleet != null) fleet.close();
    }
}
