package dev.virtdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtdeck.host.HostCheck;
import dev.virtdeck.host.HostFacts;
import dev.virtdeck.host.HostSurvey;
import dev.virtdeck.host.Readiness;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code host-check}'s output: a block per host (table), one document (JSON) or one line per host (JSON Lines),
 * schema in docs/cli.md. Every check carries its evidence, so a verdict can be argued with.
 */
final class HostCheckOutput {
    private static final ObjectMapper MAPPER = JsonOutput.MAPPER;

    private final PrintStream out;
    private final OutputFormat format;

    HostCheckOutput(PrintStream out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    void print(List<HostCheck> checks) {
        switch (format) {
            case table -> {
                boolean first = true;
                for (HostCheck c : checks) {
                    if (!first) out.println();
                    first = false;
                    table(c);
                }
            }
            case json -> {
                ObjectNode root = MAPPER.createObjectNode();
                ArrayNode arr = root.putArray("hosts");
                for (HostCheck c : checks) json(arr.addObject(), c);
                write(root, true);
            }
            case jsonl -> {
                for (HostCheck c : checks) {
                    ObjectNode o = MAPPER.createObjectNode();
                    json(o, c);
                    write(o, false);
                }
            }
        }
        out.flush();
    }

    private void table(HostCheck c) {
        if (c.error() != null) {
            out.println(c.host() + ": not checked: " + c.error());
            return;
        }
        out.println(c.host() + ": " + summary(c.survey()));
        Table t = new Table("KIND", "VERDICT", "NEXT STEP / EVIDENCE");
        for (Readiness.Check k : c.checks()) {
            t.row(k.kind(), k.verdict().label(), k.next() == null ? "-" : "next: " + k.next());
            for (String e : k.evidence()) t.row("", "", "- " + e);
        }
        t.print(out);
    }

    /** The host line: distribution, kernel, CPUs and memory (what every verdict shares). */
    static String summary(HostSurvey s) {
        HostFacts f = s.facts();
        List<String> parts = new ArrayList<>();
        parts.add(s.osName() != null ? s.osName() : s.osId() != null ? s.osId() + " " + s.osVersion() : "unknown distribution");
        if (s.kernel() != null) parts.add("kernel " + s.kernel() + (s.arch() != null ? " " + s.arch() : ""));
        if (f.cpus() != null) parts.add(f.cpus() + " CPUs");
        if (f.memoryAvailableMiB() != null) parts.add(f.memoryAvailableMiB() + " of " + f.memoryTotalMiB() + " MiB memory available");
        return String.join(", ", parts);
    }

    private static void json(ObjectNode o, HostCheck c) {
        o.put("host", c.host());
        o.put("ok", c.error() == null);
        o.put("error", c.error());
        ArrayNode arr = o.putArray("checks");
        for (Readiness.Check k : c.checks()) {
            ObjectNode j = arr.addObject();
            j.put("kind", k.kind());
            j.put("verdict", k.verdict().label());
            ArrayNode ev = j.putArray("evidence");
            k.evidence().forEach(ev::add);
            j.put("next", k.next());
        }
        o.set("probe", c.probe() == null ? null : MAPPER.valueToTree(c.probe()));
        o.set("survey", c.survey() == null ? null : MAPPER.valueToTree(c.survey()));
    }

    private void write(ObjectNode o, boolean pretty) {
        try {
            out.println(pretty ? MAPPER.writeValueAsString(o) : MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
