package dev.virtdeck.cli;

import dev.virtdeck.fleet.Target;
import dev.virtdeck.request.Clone;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code clone SELECTOR NEW [--start]}: the selector must match exactly one VM. */
@Command(name = "clone", description = {"Clone a shut-off VM on its host: copies of its disks, a new UUID and new",
        "MAC addresses. libvirt, VirtualBox, XenServer."})
final class CloneCommand extends TargetCommand {

    @Parameters(index = "0", paramLabel = "SELECTOR", description = "The VM to clone (HOST:VM, or a VM name found once).")
    String source;

    @Parameters(index = "1", paramLabel = "NEW", description = "Name of the clone.")
    String newName;

    @Option(names = "--start", description = "Start the clone once defined.")
    boolean start;

    @Override
    protected List<String> selectorTexts() {
        return List.of(source);
    }

    @Override
    protected VmRequest request() {
        return new Clone(newName, start);
    }

    /** One source: two clones of one name would collide, and a glob is too easy to get wrong here. */
    @Override
    protected void check(List<Target> targets) {
        if (targets.size() > 1) {
            throw new UsageException("clone takes one VM; '" + source + "' matches " + targets.size() + ": "
                    + String.join(", ", targets.stream().map(Target::label).toList()));
        }
    }
}
