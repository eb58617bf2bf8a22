package dev.virtdeck.tui.bench;

import com.googlecode.lanterna.TerminalSize;
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
import dev.virtdeck.tui.CommandRunner;
import dev.virtdeck.tui.FleetModel;
import dev.virtdeck.tui.OperationLog;
import dev.virtdeck.tui.TuiApp;
import dev.virtdeck.tui.TuiConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keystroke-to-redraw time of the TUI with 1,000 VMs (10 fake hosts x 100; HOSTS and PER_HOST change it) on a 200x60 virtual
 * terminal: the time from a key entering the terminal's input to the end of the screen refresh
 * that shows its effect (key handling, filter, painting, diff). Not a test: run
 * {@code bench/tui-redraw.sh [N] [WARMUP] [HOSTS] [PER_HOST]}; target: p95 under 50 ms.
 */
public final class RedrawBenchmark {
    private RedrawBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int hosts = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int perHost = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Map<String, HypervisorDriver> drivers = new HashMap<>();
        List<FleetModel.Watched> watched = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            String host = "kvm" + (h + 1);
            String[] names = new String[perHost];
            for (int i = 0; i < perHost; i++) names[i] = String.format("vm-%02d-%03d", h, i);
            FakeDriver d = new FakeDriver(host, names);
            for (int i = 0; i < perHost; i += 3) d.start(names[i]);
            drivers.put(host, d);
            ResolvedHost rh = new ResolvedHost(host, host + ".example", 22, "root", List.of(Path.of("/k")),
                    Path.of("/kh"), null, false, List.of("libvirt"), LibvirtSettings.DEFAULT);
            watched.add(new FleetModel.Watched(rh, List.of(h < hosts / 2 ? "rack-a" : "rack-b")));
        }
        Fleet fleet = new Fleet(new FleetOptions(16, false, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                t -> new FakeSsh(t.name(), "/usr/bin/virsh\n"), new DriverOpener() {
            public boolean implemented(String kind) {
                return true;
            }

            public java.util.List<dev.virtdeck.driver.DriverKind> kinds() {
                return FakeDriver.KINDS;
            }

            public HypervisorDriver open(String kind, ResolvedHost h, SshHost ssh, Trace trace) {
                return drivers.get(h.name());
            }
        }, Trace.NONE);
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(200, 60));
        TerminalScreen screen = new TerminalScreen(vt);
        screen.startScreen();
        FleetModel model = new FleetModel(fleet, watched, Duration.ofHours(1), 8, Clock.systemUTC());
        CommandRunner none = a -> new CommandRunner.Result(0, "", "");
        TuiApp app = new TuiApp(screen, model, TuiConfig.defaults(), new OperationLog(null, Clock.systemUTC()), none,
                (s, l, e) -> "", List.of("virtdeck"), Clock.systemUTC());
        model.refreshAll().join();
        app.pump();
        int rows = 0;
        for (int r = 0; r < 60; r++) if (line(vt, r).contains("vm-")) rows++;
        System.out.printf(Locale.ROOT, "%,d VMs on %d hosts, 200x60 virtual terminal, %d VM rows visible%n",
                hosts * perHost, hosts, rows);

        KeyStroke j = new KeyStroke('j', false, false);
        KeyStroke pgdn = new KeyStroke(KeyType.PageDown);
        KeyStroke home = new KeyStroke(KeyType.Home);
        measure(app, vt, "warm-up", warmup, i -> j, false);
        report("j (move down)", measure(app, vt, "j", n, i -> i % 900 == 899 ? home : j, true));
        report("page down", measure(app, vt, "pgdn", n, i -> i % 20 == 19 ? home : pgdn, true));
        // filter: '/' once, then type and erase "vm-0" .. keeps the filter changing every keystroke
        vt.addInput(new KeyStroke('/', false, false));
        app.pump();
        String typed = "vm-0";
        report("filter keystroke", measure(app, vt, "filter", n, i -> {
            int k = i % (2 * typed.length());
            return k < typed.length() ? new KeyStroke(typed.charAt(k), false, false) : new KeyStroke(KeyType.Backspace);
        }, true));
        app.close();
        model.close();
        fleet.close();
        System.exit(0);
    }

    private static double[] measure(TuiApp app, DefaultVirtualTerminal vt, String what, int n,
                                    java.util.function.IntFunction<KeyStroke> key, boolean keep) throws Exception {
        double[] ms = new double[n];
        double[] cpu = new double[n];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < n; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            vt.addInput(key.apply(i));
            app.pump();
            ms[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        if (keep) {
            // the UI thread's own CPU per key: what the TUI costs, without the waits of a loaded machine
            double[] c = cpu.clone();
            Arrays.sort(c);
            System.out.printf(Locale.ROOT, "  %-16s UI-thread CPU per key: median %.2f ms  p95 %.2f ms%n", what,
                    c[c.length / 2], c[(int) Math.ceil(c.length * 0.95) - 1]);
        }
        return ms;
    }

    private static void report(String what, double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-18s n=%d  median %.2f ms  p95 %.2f ms  max %.2f ms  %s%n", what, s.length,
                s[s.length / 2], s[(int) Math.ceil(s.length * 0.95) - 1], s[s.length - 1],
                s[(int) Math.ceil(s.length * 0.95) - 1] < 50 ? "(target < 50 ms: met)" : "(target < 50 ms: MISSED)");
    }

    private static String line(DefaultVirtualTerminal vt, int row) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 200; c++) sb.append(vt.getCharacter(c, row).getCharacterString());
        return sb.toString();
    }
}
