package dev.virtdeck.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtdeck.driver.VmDetails;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.tui.DetailsLines;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code show}'s output: a block per VM (table), one document (JSON) or one line per VM (JSON
 * Lines). JSON objects are built field by field so every documented field is present, null when
 * unknown (schema in docs/cli.md).
 */
final class ShowOutput {
    /** A target that could not be read. */
    record Failure(String target, String outcome, String message, String command) {
    }

    /** One VM's raw configuration. */
    record Raw(String host, String vm, String driver, String config) {
    }

    private final PrintStream out;
    private final OutputFormat format;

    ShowOutput(PrintStream out, OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    void details(List<VmDetails> vms, List<Failure> failures) {
        switch (format) {
            case table -> {
                boolean first = true;
                for (VmDetails d : vms) {
                    if (!first) out.println();
                    first = false;
                    table(d);
                }
            }
            case json, jsonl -> printJson("vms", vms, ShowOutput::json, failures);
        }
        out.flush();
    }

    void raw(List<Raw> configs, List<Failure> failures) {
        switch (format) {
            case table -> {
                for (Raw r : configs) {
                    if (configs.size() > 1) out.println("==> " + r.host() + ":" + r.vm() + " <==");
                    out.print(r.config().endsWith("\n") ? r.config() : r.config() + "\n");
                }
            }
            case json, jsonl -> printJson("configs", configs, ShowOutput::raw, failures);
        }
        out.flush();
    }

    /** JSON: {@code {KEY: [...], "errors": [...]}}; JSON Lines: one object per item, then one per failure. */
    private <T> void printJson(String key, List<T> items, BiFunction<ObjectNode, T, ObjectNode> fill, List<Failure> failures) {
        if (format == OutputFormat.json) {
            ObjectNode root = JsonOutput.MAPPER.createObjectNode();
            ArrayNode arr = root.putArray(key);
            for (T t : items) fill.apply(arr.addObject(), t);
            failures(root.putArray("errors"), failures);
            print(root, true);
        } else {
            for (T t : items) print(fill.apply(JsonOutput.MAPPER.createObjectNode(), t), false);
            for (Failure f : failures) print(failure(JsonOutput.MAPPER.createObjectNode(), f), false);
        }
    }

    // ---- table -----------------------------------------------------------------------------------

    private void table(VmDetails d) {
        VmInfo v = d.vm();
        Table facts = new Table("VM", v.host() + ":" + v.name());
        facts.row("driver", v.driver()).row("uuid", v.uuid())
                .row("state", v.state() == null ? null : v.state().label() + " (" + v.nativeState() + ")")
                .row("vcpus", pair(v.vcpus(), v.maxVcpus(), "")).row("memory", pair(v.memoryMiB(), v.maxMemoryMiB(), " MiB"))
                .row("persistent", yesNo(v.persistent())).row("autostart", yesNo(d.autostart()));
        if (v.residentOn() != null) facts.row("runs on", v.residentOn());
        facts.print(out);
        out.println();
        if (d.disks().isEmpty()) {
            out.println("disks: none");
        } else {
            Table t = new Table("DISK", "DEVICE", "BUS", "SOURCE", "FORMAT", "CAPACITY", "ALLOCATION");
            for (VmDetails.Disk k : d.disks()) {
                t.row(k.target(), k.kind().label() + (k.readOnly() ? " (ro)" : ""), k.bus(), k.source(), k.format(),
                        bytes(k.capacityBytes()), bytes(k.allocationBytes()));
            }
            t.print(out);
        }
        out.println();
        if (d.nics().isEmpty()) {
            out.println("nics: none");
        } else {
            Table t = new Table("NIC", "MAC", "TYPE", "NETWORK", "MODEL", "ADDRESSES");
            int i = 0;
            for (VmDetails.Nic n : d.nics()) {
                List<String> addrs = n.addresses().stream().map(a -> a.withPrefix() + " (" + a.origin().label() + ")").toList();
                t.row(n.device() != null ? n.device() : "#" + i, n.mac(), n.networkType(), n.network(), n.model(),
                        addrs.isEmpty() ? null : String.join(", ", addrs));
                i++;
            }
            t.print(out);
        }
        out.println();
        if (d.consoles().isEmpty()) {
            out.println("consoles: none");
        } else {
            Table t = new Table("CONSOLE", "TYPE", "TARGET", "PATH");
            for (VmDetails.Console c : d.consoles()) t.row(c.kind(), c.type(), c.target(), c.path());
            t.print(out);
        }
        for (String note : d.notes()) out.println("note: " + note);
    }

    private static String pair(Number cur, Number max, String unit) {
        if (cur == null && max == null) return null;
        return (cur == null ? "?" : cur.toString()) + "/" + (max == null ? "?" : max.toString()) + unit;
    }

    private static String yesNo(Boolean b) {
        return b == null ? null : b ? "yes" : "no";
    }

    private static String bytes(Long n) {
        return DetailsLines.bytes(n);
    }

    // ---- JSON ------------------------------------------------------------------------------------

    static ObjectNode json(ObjectNode o, VmDetails d) {
        VmInfo v = d.vm();
        o.put("target", v.host() + ":" + v.name());
        JsonOutput.vm(o, v);
        o.put("autostart", d.autostart());
        ArrayNode disks = o.putArray("disks");
        for (VmDetails.Disk k : d.disks()) {
            ObjectNode x = disks.addObject();
            x.put("target", k.target());
            x.put("device", k.kind().label());
            x.put("bus", k.bus());
            x.put("source", k.source());
            x.put("format", k.format());
            x.put("capacityBytes", k.capacityBytes());
            x.put("allocationBytes", k.allocationBytes());
            x.put("readOnly", k.readOnly());
        }
        ArrayNode nics = o.putArray("nics");
        for (VmDetails.Nic n : d.nics()) {
            ObjectNode x = nics.addObject();
            x.put("mac", n.mac());
            x.put("networkType", n.networkType());
            x.put("network", n.network());
            x.put("model", n.model());
            x.put("device", n.device());
            ArrayNode addrs = x.putArray("addresses");
            for (VmDetails.Address a : n.addresses()) {
                ObjectNode y = addrs.addObject();
                y.put("address", a.address());
                y.put("prefix", a.prefix());
                y.put("family", a.family());
                y.put("origin", a.origin().label());
            }
        }
        ArrayNode consoles = o.putArray("consoles");
        for (VmDetails.Console c : d.consoles()) {
            ObjectNode x = consoles.addObject();
            x.put("kind", c.kind());
            x.put("type", c.type());
            x.put("target", c.target());
            x.put("path", c.path());
        }
        ArrayNode notes = o.putArray("notes");
        d.notes().forEach(notes::add);
        return o;
    }

    private static ObjectNode raw(ObjectNode o, Raw r) {
        o.put("target", r.host() + ":" + r.vm());
        o.put("host", r.host());
        o.put("name", r.vm());
        o.put("driver", r.driver());
        o.put("config", r.config());
        return o;
    }

    private static void failures(ArrayNode arr, List<Failure> failures) {
        for (Failure f : failures) failure(arr.addObject(), f);
    }

    private static ObjectNode failure(ObjectNode o, Failure f) {
        o.put("target", f.target());
        o.put("outcome", f.outcome());
        o.put("message", f.message());
        o.put("command", f.command());
        return o;
    }

    private void print(ObjectNode root, boolean indent) {
        try {
            out.println(indent ? JsonOutput.MAPPER.writeValueAsString(root)
                    : JsonOutput.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
