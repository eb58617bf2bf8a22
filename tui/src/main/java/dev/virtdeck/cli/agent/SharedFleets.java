package dev.virtdeck.cli.agent;

import dev.virtdeck.cli.FleetFactory;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.FleetOptions;
import dev.virtdeck.fleet.HeldHost;
import dev.virtdeck.ssh.Prompter;
import dev.virtdeck.ssh.Trace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's fleets, one per distinct fleet settings, each held open across commands. Keyed by
 * the fleet options and the inventory and known_hosts files, so two inventories naming a host
 * alike never share (or keep replacing) its connection. No prompter (there is no terminal) and
 * no trace ({@code -v} runs directly).
 */
final class SharedFleets implements AutoCloseable {
    private final FleetFactory base;
    private final Map<Key, Fleet> fleets = new ConcurrentHashMap<>();

    private record Key(FleetOptions options, Path inventory, Path knownHosts) {
    }

    /** @param base makes a real fleet (its own SSH pool) */
    SharedFleets(FleetFactory base) {
        this.base = base;
    }

    /**
     * The fleets of one command: the held one of its settings, made on first use. Each command
     * lets failed and lost hosts be tried again at once, as a new process would.
     */
    FleetFactory forCommand(Path inventory, Path knownHosts) {
        return new FleetFactory() {
            @Override
            public Fleet create(FleetOptions asked, Trace trace, Prompter prompter) {
                // probed always: once per held connection, so every verb shares latency and tool checks
                FleetOptions options = asked.withProbe(true);
                Fleet f = fleets.computeIfAbsent(new Key(options, inventory, knownHosts),
                        k -> base.create(options, Trace.NONE, Prompter.NONE));
                f.retryFailedNow();
                return f;
            }

            @Override
            public boolean shared() {
                return true;
            }
        };
    }

    /** @return the held hosts of every fleet, one line each */
    List<String> describe() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<Key, Fleet> e : fleets.entrySet()) {
            Path inv = e.getKey().inventory();
            String label = inv == null ? "default inventory" : inv.toString();
            for (HeldHost h : e.getValue().held()) {
                String state = h.connected() ? "connected" : h.ok() ? "disconnected" : "failed: " + h.error();
                out.add(h.host() + "  " + state + "  (" + label + ")");
            }
        }
        out.sort(null);
        return out;
    }

    /** @return connection attempts made by every fleet so far */
    int connectionsOpened() {
        return fleets.values().stream().mapToInt(Fleet::connectionsOpened).sum();
    }

    @Override
    public void close() {
        fleets.values().forEach(Fleet::close);
        fleets.clear();
    }
}
