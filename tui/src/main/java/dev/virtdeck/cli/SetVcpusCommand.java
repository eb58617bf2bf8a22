package dev.virtdeck.cli;

import dev.virtdeck.request.SetVcpus;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Command;

/** {@code set-vcpus SELECTOR... N [--live] [--config] [--max]} */
@Command(name = "set-vcpus", customSynopsis = "virtdeck set-vcpus [OPTIONS] SELECTOR... N",
        description = "Set VMs' vCPU count within their maximum, or the maximum itself with --max.")
final class SetVcpusCommand extends ResizeCommand {

    @Override
    protected VmRequest resize(String value) {
        return SetVcpus.parse(value, scope.scope(), max);
    }
}
