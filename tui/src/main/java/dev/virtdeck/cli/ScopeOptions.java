package dev.virtdeck.cli;

import dev.virtdeck.driver.Scope;
import picocli.CommandLine.Option;

import java.util.Set;

/** {@code --live} / {@code --config}: neither means live if the VM runs, config if it is off. */
final class ScopeOptions {
    @Option(names = "--live", description = "Change the running VM.")
    boolean live;

    @Option(names = "--config", description = "Change the persistent definition (next boot).")
    boolean config;

    Set<Scope> scope() {
        return Scope.of(live, config);
    }
}
