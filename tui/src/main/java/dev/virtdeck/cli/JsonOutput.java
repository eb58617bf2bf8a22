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
import dev.virtdeck.fleet.TargetResult;
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
    public void results(List<TargetResult> results) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("results");
        for (TargetResult r : results) {
            target(arr, r.target(), r.outcome().label(), r.outcome().message()).put("command", r.outcome().command());
        }
        print(root);
    }

    @Override
    public void plan(List<PlanStep> steps) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("plan");
        for (PlanStep s : steps) target(arr, s.target(), s.outcome().label(), s.message()).put("action", s.action());
        print(root);
    }

    /** @return a new object in {@code arr} with the fields every per-target line starts with */
    private static ObjectNode target(ArrayNode arr, String target, String outcome, String message) {
        ObjectNode o = arr.addObject();
        o.put("target", target);
        o.put("outcome", outcome);
        o.put("message", message);
        return o;
    }

    @Override
    public void hosts(List<HostStatus> hosts, List<ResolvedHost> addresses) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("hosts");
        for (HostStatus h : hosts) status(arr.addObject(), h);
        print(root);
    }

    private static void status(ObjectNode o, HostStatus h) {
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
