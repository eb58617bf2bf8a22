package dev.virtdeck.tui;

import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.inventory.Group;
import dev.virtdeck.inventory.Host;
import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.ResolvedHost;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Opens the TUI on the process's terminal: {@code virtdeck} without a command. */
public final class Tui {
    private Tui() {
    }

    /**
     * What the CLI hands the TUI.
     *
     * @param inventory  for host grouping
     * @param hosts      every inventory host, resolved
     * @param fleet      owned by the caller (closed after {@link #open} returns)
     * @param parallel   hosts refreshed at once
     * @param cliPrefix  program and global options for the logged CLI lines
     * @param commands   runs {@code :} command lines in-process
     * @param configFile the TUI's config.yaml (need not exist)
     * @param listedVms  given the VM names of hosts a refresh listed, when they changed (the
     *                   CLI's cache for shell completion)
     */
    public record Launch(Inventory inventory, List<ResolvedHost> hosts, Fleet fleet, int parallel,
                         List<String> cliPrefix, CommandRunner commands, Path configFile,
                         Consumer<Map<String, List<String>>> listedVms) {
    }

    /** @return the exit code: 0 after quit, 2 for an invalid config file */
    public static int open(Launch l, PrintStream err) throws IOException {
        TuiConfig config;
        try {
            config = ConfigLoader.load(l.configFile());
        } catch (ConfigException e) {
            err.println("virtdeck: " + e.getMessage());
            return 2;
        }
        Clock clock = Clock.systemUTC();
        try (FleetModel model = new FleetModel(l.fleet(), watched(l.inventory(), l.hosts()), config.refreshInterval(),
                l.parallel(), clock)) {
            model.addListener(new ListedVmNames(l.listedVms()));
            Terminal terminal = new DefaultTerminalFactory().setForceTextTerminal(true).createTerminal();
            Screen screen = new TerminalScreen(terminal);
            ConsoleBridge bridge = new TerminalConsoleBridge(System.in, System.out, config.escapeLabel());
            try (TuiApp app = new TuiApp(screen, model, config, new OperationLog(OperationLog.defaultPath(), clock),
                    l.commands(), bridge, l.cliPrefix(), clock)) {
                model.start();
                app.run();
            } finally {
                terminal.close();
            }
        }
        return 0;
    }

    /** Each host with the inventory groups it is in (declared or joined) and its tags, in inventory order. */
    static List<FleetModel.Watched> watched(Inventory inv, List<ResolvedHost> hosts) {
        List<FleetModel.Watched> out = new ArrayList<>();
        for (ResolvedHost h : hosts) {
            List<String> groups = new ArrayList<>();
            for (Group g : inv.groups().values()) if (g.hosts().contains(h.name())) groups.add(g.name());
            out.add(new FleetModel.Watched(h, groups, inv.host(h.name()).map(Host::tags).orElse(List.of())));
        }
        return out;
    }
}
