package dev.virtdeck.cli;

import dev.virtdeck.driver.ShutdownRequest;
import dev.virtdeck.request.Shutdown;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code shutdown SELECTOR... [--timeout S] [--force] [--no-wait]} */
@Command(name = "shutdown", description = {"Shut VMs down gracefully (ACPI) and wait for them to be off.",
        "At the deadline a VM fails (\"still running after S s\"), or with --force is forced off",
        "(\"forced after S s\")."})
final class ShutdownCommand extends SelectorsCommand {

    @Option(names = "--timeout", paramLabel = "S", description = "Seconds to wait for shutoff (default 60).")
    long timeout = ShutdownRequest.DEFAULT_TIMEOUT.toSeconds();

    @Option(names = "--force", description = "Force off a VM still running at the deadline.")
    boolean force;

    @Option(names = "--no-wait", description = "Return once the request is accepted.")
    boolean noWait;

    @Override
    protected VmRequest request() {
        return new Shutdown(Duration.ofSeconds(timeout), force, !noWait);
    }
}
