package dev.virtdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.RolloutListener;
import dev.virtdeck.fleet.RolloutResult;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.request.PlanStep;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code -o jsonl}: one compact JSON object per line, flushed line by line, each the object the
 * JSON document would hold in its array (docs/cli.md). Action results are streamed as each
 * target finishes, so a script can follow a long rollout; the rest is printed once known.
 */
final class JsonlOutput implements Output {
    private static final ObjectMapper COMPACT = new ObjectMapper();
    private final PrintStream out;

    JsonlOutput(PrintStream out) {
        this.out = out;
    }

    /** Prints each target's line as it finishes (the not attempted ones last). */
    @Override
    public RolloutListener live() {
        return r -> line(JsonOutput.result(COMPACT.createObjectNode(), r));
    }

    /** Nothing: every line went out through {@link #live()} while the run went on. */
    @Override
    public void results(List<RolloutResult> results) {
    }

    @Override
    public void plan(List<PlanStep> steps, List<Integer> waves) {
        for (int i = 0; i < steps.size(); i++) line(JsonOutput.step(COMPACT.createObjectNode(), steps.get(i), waves.get(i)));
    }

    /** One line per VM; hosts that could not be listed are on stderr and in the exit code only. */
    @Override
    public void listing(Listing listing) {
        for (VmInfo v : listing.vms()) {
            ObjectNode o = COMPACT.createObjectNode();
            JsonOutput.vm(o, v);
            line(o);
        }
    }

    @Override
    public void hosts(List<HostStatus> hosts, List<ResolvedHost> addresses) {
        for (HostStatus h : hosts) {
            ObjectNode o = COMPACT.createObjectNode();
            JsonOutput.status(o, h);
            line(o);
        }
    }

    /** The {@code -o json} document, on one line: a single host has a single line. */
    @Override
    public void hostInfo(HostStatus status, List<HostInfo> infos) {
        ObjectNode o = COMPACT.createObjectNode();
        JsonOutput.status(o, status);
        var arr = o.putArray("info");
        for (HostInfo i : infos) arr.add(COMPACT.valueToTree(i));
        line(o);
    }

    private void line(ObjectNode o) {
        try {
            String text = COMPACT.writeValueAsString(o);
            synchronized (out) {
                out.println(text);
                out.flush();
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
