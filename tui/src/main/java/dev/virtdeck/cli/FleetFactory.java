package dev.virtdeck.cli;

import dev.virtdeck.ssh.Trace;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.FleetOptions;
import dev.virtdeck.ssh.Prompter;

/** Makes the fleet a command works with; tests swap in one with fake hosts and drivers. */
@FunctionalInterface
public interface FleetFactory {
    Fleet create(FleetOptions options, Trace trace, Prompter prompter);

    /**
     * @return true when the fleets made are shared beyond one command (the agent's): the command
     *         must then leave them open; false (the default) when the command owns and closes it
     */
    default boolean shared() {
        return false;
    }
}
