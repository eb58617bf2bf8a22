package dev.virtdeck.cli;

import dev.virtdeck.fleet.TargetAction;
import picocli.CommandLine.Command;

/** {@code set-vcpus SELECTOR... N [--live] [--config] [--max]} */
@Command(name = "set-vcpus", customSynopsis = "virtdeck set-vcpus [OPTIONS] SELECTOR... N",
        description = "Set VMs' vCPU count within their maximum, or the maximum itself with --max.")
final class SetVcpusCommand extends ResizeCommand {

    @Override
    protected TargetAction resize(String value) {
        int count = Sizes.parseCount(value, "vCPU count");
        return (driver, vm) -> driver.setVcpus(vm, count, scope.scope(), max);
    }
}
