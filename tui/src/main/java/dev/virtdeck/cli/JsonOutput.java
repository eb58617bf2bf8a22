package dev.virtdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.RolloutResult;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.request.PlanStep;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Script output. Objects are built field by field so that every documented field is always
 * present, as JSON null when unknown (the schema is a contract; see docs/cli.md).
 */
final class JsonOutput implements Output {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final PrintStream out;

    JsonOutput(PrintStream out) {
        this.out = out;
    }

    @Override
    public void listing(Listing listing) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode hosts = root.putArray("hosts");
        for (HostStatus h : listing.hosts()) {
            ObjectNode o = hosts.addObject();
            o.put("host", h.host());
            o.put("ok", h.ok());
            o.put("error", h.error());
            o.put("latencyMs", h.latencyMs());
            strings(o.putArray("drivers"), h.drivers());
        }
        ArrayNode vms = root.putArray("vms");
        for (VmInfo v : listing.vms()) vm(vms.addObject(), v);
        print(root);
    }

    static void vm(ObjectNode o, VmInfo v) {
        o.put("host", v.host());
        o.put("driver", v.driver());
        o.put("name", v.name());
        o.put("uuid", v.uuid());
        o.put("state", v.state() == null ? null : v.state().label());
        o.put("nativeState", v.nativeState());
        o.put("vcpus", v.vcpus());
        o.put("maxVcpus", v.maxVcpus());
        o.put("memoryMiB", v.memoryMiB());
        o.put("maxMemoryMiB", v.maxMemoryMiB());
        o.put("persistent", v.persistent());
        if (v.residentOn() != null) o.put("residentOn", v.residentOn()); // pool member it runs on (XAPI)
    }

    @Override
    public void results(List<RolloutResult> results) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("results");
        for (RolloutResult r : results) result(arr.addObject(), r);
        print(root);
    }

    /** One action result: a {@code results} element, and a line of {@code -o jsonl}. */
    static ObjectNode result(ObjectNode o, RolloutResult r) {
        target(o, r.target().label(), r.outcome().label(), r.outcome().message());
        o.put("command", r.outcome().command());
        o.put("host", r.target().host());
        o.put("vm", r.target().vm());
        o.put("wave", r.wave());
        o.put("started", r.started() == null ? null : r.started().toString());
        o.put("finished", r.finished() == null ? null : r.finished().toString());
        return o;
    }

    @Override
    public void plan(List<PlanStep> steps, List<Integer> waves) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("plan");
        for (int i = 0; i < steps.size(); i++) step(arr.addObject(), steps.get(i), waves.get(i));
        print(root);
    }

    /** One plan step: a {@code plan} element, and a line of {@code -o jsonl}. */
    static ObjectNode step(ObjectNode o, PlanStep s, int wave) {
        target(o, s.target(), s.outcome().label(), s.message());
        o.put("action", s.action());
        o.put("wave", wave);
        return o;
    }

    /** Puts the fields every per-target object starts with. */
    private static void target(ObjectNode o, String target, String outcome, String message) {
        o.put("target", target);
        o.put("outcome", outcome);
        o.put("message", message);
    }

    @Override
    public void hosts(List<HostStatus> hosts, List<ResolvedHost> addresses) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("hosts");
        for (HostStatus h : hosts) status(arr.addObject(), h);
        print(root);
    }

    /** One host of {@code hosts}: an element of its array, and a line of {@code -o jsonl}. */
    static void status(ObjectNode o, HostStatus h) {
        o.put("host", h.host());
        o.put("ok", h.ok());
        o.put("error", h.error());
        o.put("latencyMs", h.latencyMs());
        strings(o.putArray("drivers"), h.drivers());
        o.put("transport", h.transport());
    }

    @Override
    public void hostInfo(HostStatus status, List<HostInfo> infos) {
        ObjectNode root = MAPPER.createObjectNode();
        status(root, status);
        ArrayNode arr = root.putArray("info");
        for (HostInfo i : infos) arr.add(MAPPER.valueToTree(i)); // records: every component, nulls included
        print(root);
    }

    private static void strings(ArrayNode arr, List<String> values) {
        for (String s : values) arr.add(s);
    }

    private void print(ObjectNode root) {
        try {
            out.println(MAPPER.writeValueAsString(root));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
