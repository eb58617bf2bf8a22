package dev.virtdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtdeck.driver.VmSnapshot;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.fleet.TargetResult;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code snapshot list} in the three formats (schema in docs/cli.md). Kept apart from
 * {@link Output}, which every verb's formats share, as only this verb prints snapshots.
 */
final class SnapshotOutput {
    private static final ObjectMapper COMPACT = new ObjectMapper();
    static final DateTimeFormatter TABLE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    /** The snapshots of one target, in the order the driver gave them (oldest first). */
    record Found(Target target, List<VmSnapshot> snapshots) {
    }

    private SnapshotOutput() {
    }

    /**
     * @param found  the targets listed, in rollout order
     * @param failed the targets that could not be listed (their errors are on stderr too)
     */
    static void print(OutputFormat format, PrintStream out, List<Found> found, List<TargetResult> failed) {
        switch (format) {
            case table -> table(out, found);
            case json -> json(out, found, failed);
            case jsonl -> {
                for (Found f : found) for (VmSnapshot s : f.snapshots()) line(out, snapshot(COMPACT.createObjectNode(), f.target(), s));
            }
        }
        out.flush();
    }

    private static void table(PrintStream out, List<Found> found) {
        Table t = new Table("TARGET", "NAME", "CREATED", "STATE", "CURRENT", "PARENT", "KIND", "DESCRIPTION");
        for (Found f : found) {
            for (VmSnapshot s : f.snapshots()) {
                t.row(f.target().label(), s.name(), s.created() == null ? null : TABLE_TIME.format(s.created()),
                        s.nativeState() != null ? s.nativeState() : s.vmState().label(), s.current() ? "*" : null,
                        s.parent(), s.kind(), s.description());
            }
        }
        t.print(out);
    }

    private static void json(PrintStream out, List<Found> found, List<TargetResult> failed) {
        ObjectNode root = JsonOutput.MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("snapshots");
        for (Found f : found) for (VmSnapshot s : f.snapshots()) snapshot(arr.addObject(), f.target(), s);
        ArrayNode errors = root.putArray("errors");
        for (TargetResult r : failed) {
            ObjectNode o = errors.addObject();
            o.put("target", r.target());
            o.put("outcome", r.outcome().label());
            o.put("message", r.outcome().message());
        }
        try {
            out.println(JsonOutput.MAPPER.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One snapshot: a {@code snapshots} element, and a line of {@code -o jsonl}. */
    static ObjectNode snapshot(ObjectNode o, Target t, VmSnapshot s) {
        o.put("target", t.label());
        o.put("host", t.host());
        o.put("vm", t.vm());
        o.put("name", s.name());
        o.put("created", s.created() == null ? null : s.created().toString());
        o.put("description", s.description());
        o.put("vmState", s.vmState() == null ? null : s.vmState().label());
        o.put("nativeState", s.nativeState());
        o.put("current", s.current());
        o.put("parent", s.parent());
        o.put("location", s.location() == null ? null : s.location().label());
        o.put("memory", s.memory());
        return o;
    }

    private static void line(PrintStream out, ObjectNode o) {
        try {
            out.println(COMPACT.writeValueAsString(o));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
