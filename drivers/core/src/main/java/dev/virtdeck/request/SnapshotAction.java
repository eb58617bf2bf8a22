package dev.virtdeck.request;

import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.OpResult;
import dev.virtdeck.driver.Operation;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A change to a VM's snapshots: take one, revert to one, delete one ({@code virtdeck snapshot
 * create|revert|delete SELECTOR NAME}). Listing them is a read, not a request.
 *
 * @param action      what to do
 * @param name        the snapshot's name: one line of text without {@code /} (libvirt keeps one
 *                    metadata file per name), at most {@value #MAX_NAME} characters
 * @param description only for {@link Action#CREATE}: free text kept with the snapshot, or null
 */
public record SnapshotAction(Action action, String name, String description) implements VmRequest {
    static final int MAX_NAME = 128;

    /** The three verbs of {@code virtdeck snapshot} that change something. */
    public enum Action {
        CREATE("snapshotting"), REVERT("reverting"), DELETE("deleting snapshot");

        private final String progress;

        Action(String progress) {
            this.progress = progress;
        }

        /** @return the sub-verb, e.g. {@code revert} */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public SnapshotAction {
        if (action == null) throw new IllegalArgumentException("no snapshot action");
        name = checkName(name);
        if (description != null) {
            if (action != Action.CREATE) throw new BadRequestException("only snapshot create takes a description");
            if (description.chars().anyMatch(Character::isISOControl)) {
                throw new BadRequestException("the snapshot description must be one line of text (no control characters)");
            }
        }
    }

    public static SnapshotAction create(String name, String description) {
        return new SnapshotAction(Action.CREATE, name, description);
    }

    public static SnapshotAction revert(String name) {
        return new SnapshotAction(Action.REVERT, name, null);
    }

    public static SnapshotAction delete(String name) {
        return new SnapshotAction(Action.DELETE, name, null);
    }

    private static String checkName(String name) {
        if (name == null || name.isBlank()) throw new BadRequestException("a snapshot name is needed");
        if (name.length() > MAX_NAME) {
            throw new BadRequestException("snapshot name too long (" + name.length() + " characters, at most " + MAX_NAME + ")");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("the snapshot name must be one line of text (no control characters)");
        }
        if (name.indexOf('/') >= 0) throw new BadRequestException("a snapshot name cannot contain '/': " + name);
        if (!name.strip().equals(name)) throw new BadRequestException("a snapshot name cannot start or end with blanks");
        return name;
    }

    @Override
    public Operation operation() {
        return Operation.SNAPSHOT;
    }

    /** @return two words, {@code snapshot create}: the command and its sub-command */
    @Override
    public String verb() {
        return operation().cliName() + " " + action.word();
    }

    @Override
    public List<String> cliArguments() {
        List<String> out = new ArrayList<>(List.of(name));
        if (description != null) out.addAll(List.of("--description", description));
        return out;
    }

    @Override
    public String progress() {
        return action.progress;
    }

    @Override
    public OpResult apply(HypervisorDriver driver, String vm) {
        HypervisorDriver d = Refusal.require(this, driver, vm);
        return switch (action) {
            case CREATE -> d.createSnapshot(vm, name, description);
            case REVERT -> d.revertSnapshot(vm, name);
            case DELETE -> d.deleteSnapshot(vm, name);
        };
    }

    /** Whether the snapshot exists is the host's to say: a plan judges from the listing only. */
    @Override
    public Forecast forecast(VmInfo vm) {
        VmState s = Checks.state(vm);
        String q = "'" + name + "'";
        return switch (action) {
            case CREATE -> Forecast.wouldRun(s.isActive()
                    ? "would take snapshot " + q + " of the " + s.label() + " VM (with its memory where the driver can)"
                    : "would take snapshot " + q + " of the VM's disks (state " + s.label() + ")");
            case REVERT -> Forecast.wouldRun("would revert the VM to snapshot " + q
                    + ", losing what changed since (the run checks that the snapshot exists)");
            case DELETE -> Forecast.wouldRun("would delete snapshot " + q
                    + " (the VM itself is not changed; the run checks that the snapshot exists)");
        };
    }
}
