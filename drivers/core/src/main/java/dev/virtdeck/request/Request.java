package dev.virtdeck.request;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.Scope;

import java.util.List;
import java.util.Set;

/**
 * One operation as a front end asks for it, the same for the CLI and the TUI. A request is valid
 * once built: its constructor refuses bad values with {@link BadRequestException}, before any host
 * is contacted. It also knows how it is written on the command line, so the TUI can log the CLI
 * line that does the same.
 */
public sealed interface Request permits VmRequest, Create {

    Operation operation();

    /** @return the CLI verb, e.g. {@code set-memory}; a sub-command is two words, e.g. {@code snapshot create} */
    default String verb() {
        return operation().cliName();
    }

    /** @return the words that follow the verb's targets on the command line: options and value */
    List<String> cliArguments();

    /** @return the word shown while the request runs, e.g. "starting" */
    default String progress() {
        return operation().progress();
    }

    /** @return where the change applies; empty: live if the VM runs, config if it is off */
    default Set<Scope> scope() {
        return Scope.current();
    }

    /**
     * @return true when {@link #scope()} names where a change applies (resizes, disks), so that
     *         "current" becomes live or config by the VM's state; false for lifecycle verbs
     */
    default boolean scoped() {
        return false;
    }

    /** @return why a driver with these capabilities cannot carry this request out, or null when it can */
    default Refusal refusal(Capabilities caps) {
        return Refusal.of(caps, operation(), scope());
    }
}
