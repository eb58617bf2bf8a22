package dev.virtdeck.cli;

import dev.virtdeck.request.SetMemory;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Command;

/** {@code set-memory SELECTOR... SIZE [--live] [--config] [--max]} */
@Command(name = "set-memory", customSynopsis = "virtdeck set-memory [OPTIONS] SELECTOR... SIZE",
        description = {"Set VMs' memory (balloon) within their maximum, or the maximum itself with --max.",
                "SIZE: number with optional K, M, G, T suffix (binary, optional iB); bare number = MiB."})
final class SetMemoryCommand extends ResizeCommand {

    @Override
    protected VmRequest resize(String value) {
        return SetMemory.parse(value, scope.scope(), max);
    }
}
