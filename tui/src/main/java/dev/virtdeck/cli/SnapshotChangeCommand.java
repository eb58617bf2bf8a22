package dev.virtdeck.cli;

import dev.virtdeck.request.BadRequestException;
import dev.virtdeck.request.SnapshotAction;
import dev.virtdeck.request.VmRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code snapshot create|revert|delete SELECTOR... NAME}: a snapshot change on every target, the
 * same NAME on each, with {@code --dry-run} and the rollout options of every verb.
 */
abstract class SnapshotChangeCommand extends TargetCommand {

    // 1..* and checked below, as set-memory does, so options may sit between the words
    @Parameters(arity = "1..*", paramLabel = "SELECTOR... NAME", description = {"Selectors, then the snapshot's name",
            "(one line, no '/'; a NAME starting with '-' goes after --)."})
    List<String> args;

    @Override
    protected final List<String> selectorTexts() {
        return words().subList(0, args.size() - 1);
    }

    @Override
    protected final VmRequest request() {
        return change(words().get(args.size() - 1));
    }

    private List<String> words() {
        if (args.size() < 2) throw new BadRequestException("give one or more SELECTORs, then the snapshot NAME");
        return args;
    }

    /** @return the request for the snapshot {@code name} */
    protected abstract SnapshotAction change(String name);

    @Command(name = "create", customSynopsis = "virtdeck snapshot create [OPTIONS] SELECTOR... NAME",
            description = {"Take a snapshot named NAME of each VM (a running VM's memory too, where the driver can).",
                    "A name the VM already has is refused."})
    static final class Create extends SnapshotChangeCommand {
        @Option(names = "--description", paramLabel = "TEXT", description = "Text kept with the snapshot (one line).")
        String description;

        @Override
        protected SnapshotAction change(String name) {
            return SnapshotAction.create(name, description);
        }
    }

    @Command(name = "revert", customSynopsis = "virtdeck snapshot revert [OPTIONS] SELECTOR... NAME",
            description = {"Put each VM back to its snapshot NAME: disks, and memory and run state where it holds them.",
                    "What changed since is lost. Never asks for confirmation; --dry-run shows the plan."})
    static final class Revert extends SnapshotChangeCommand {
        @Override
        protected SnapshotAction change(String name) {
            return SnapshotAction.revert(name);
        }
    }

    @Command(name = "delete", customSynopsis = "virtdeck snapshot delete [OPTIONS] SELECTOR... NAME",
            description = {"Delete each VM's snapshot NAME (the VM itself is not changed; later snapshots are kept).",
                    "Never asks for confirmation; --dry-run shows the plan."})
    static final class Delete extends SnapshotChangeCommand {
        @Override
        protected SnapshotAction change(String name) {
            return SnapshotAction.delete(name);
        }
    }
}
