package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtdeck.driver.UsageRates;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.UsageTracker;
import dev.virtdeck.tui.UsageText;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code top} prints one refresh: a table (redrawn in place on a terminal) or JSON lines. */
abstract sealed class TopView {
    /** Home the cursor and clear the screen (ECMA-48 CUP + ED), as top does between frames. */
    static final String CLEAR = "\033[H\033[2J";
    static final String[] HEADERS = {"HOST", "NAME", "STATE", "CPU%", "MEM", "DISK R/W", "NET RX/TX"};

    final PrintStream out;

    TopView(PrintStream out) {
        this.out = out;
    }

    /** @param redraw clear the screen before each frame (stdout is a terminal); else frames are appended */
    static TopView table(PrintStream out, boolean redraw) {
        return new TableView(out, redraw);
    }

    static TopView jsonl(PrintStream out) {
        return new JsonlView(out);
    }

    /**
     * Prints one refresh.
     *
     * @param frame   1 for the first printed refresh
     * @param vms     the selected VMs, in listing order
     * @param rates   their rates by {@link UsageTracker#key}
     */
    abstract void frame(int frame, Instant at, double delay, Listing listing, List<VmInfo> vms,
                        Map<String, UsageRates> rates);

    static UsageRates rates(Map<String, UsageRates> rates, VmInfo vm) {
        return rates.getOrDefault(UsageTracker.key(vm), UsageRates.NONE);
    }

    static final class TableView extends TopView {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
                .withZone(ZoneId.systemDefault());
        private final boolean redraw;

        TableView(PrintStream out, boolean redraw) {
            super(out);
            this.redraw = redraw;
        }

        @Override
        void frame(int frame, Instant at, double delay, Listing listing, List<VmInfo> vms,
                   Map<String, UsageRates> rates) {
            long running = vms.stream().filter(v -> v.state() != null && v.state().isActive()).count();
            long down = listing.hosts().stream().filter(h -> !h.ok()).count();
            StringBuilder head = new StringBuilder("virtdeck top - ").append(TIME.format(at)).append(", ")
                    .append(vms.size()).append(vms.size() == 1 ? " VM, " : " VMs, ").append(running)
                    .append(" running, ").append(listing.hosts().size() - down).append(" of ")
                    .append(listing.hosts().size()).append(" hosts listed, every ")
                    .append(String.format(Locale.ROOT, "%.3g", delay).replaceAll("\\.?0+$", "")).append(" s");
            if (redraw) { // the stderr line of a host error is cleared with the screen: repeat it here
                for (HostStatus h : listing.hosts()) {
                    if (!h.ok()) head.append("\n").append(h.host()).append(": ").append(h.error());
                }
            }
            if (redraw) out.print(CLEAR);
            else if (frame > 1) out.println();
            out.println(head);
            Table t = new Table(HEADERS);
            for (VmInfo v : vms) {
                UsageRates r = rates(rates, v);
                t.row(v.host(), v.name(), v.state() == null ? null : v.state().label(), UsageText.cpu(r.cpuPercent()),
                        UsageText.memory(v), UsageText.disk(r), UsageText.net(r));
            }
            t.print(out);
        }
    }

    /** One object per VM per refresh, flushed per refresh (schema in docs/cli.md, {@code top}). */
    static final class JsonlView extends TopView {
        private static final ObjectMapper COMPACT = new ObjectMapper();

        JsonlView(PrintStream out) {
            super(out);
        }

        @Override
        void frame(int frame, Instant at, double delay, Listing listing, List<VmInfo> vms,
                   Map<String, UsageRates> rates) {
            String time = at.toString();
            for (HostStatus h : listing.hosts()) {
                if (h.ok()) continue;
                ObjectNode o = COMPACT.createObjectNode();
                o.put("time", time).put("frame", frame).put("host", h.host()).put("error", h.error());
                out.println(o);
            }
            for (VmInfo v : vms) out.println(vm(COMPACT.createObjectNode(), time, frame, v, rates(rates, v)));
            out.flush();
        }

        static ObjectNode vm(ObjectNode o, String time, int frame, VmInfo v, UsageRates r) {
            VmInfo.Usage u = v.usage() == null ? VmInfo.Usage.NONE : v.usage();
            o.put("time", time).put("frame", frame).put("host", v.host()).put("name", v.name())
                    .put("driver", v.driver()).put("state", v.state() == null ? null : v.state().label());
            o.put("cpuPercent", round(r.cpuPercent()));
            o.put("vcpus", v.vcpus());
            o.put("memoryMiB", v.memoryMiB());
            o.put("memoryUsedKiB", u.memoryUsedKiB());
            o.put("memoryRssKiB", u.memoryRssKiB());
            o.put("diskReadBps", round(r.diskReadBps()));
            o.put("diskWriteBps", round(r.diskWriteBps()));
            o.put("netRxBps", round(r.netRxBps()));
            o.put("netTxBps", round(r.netTxBps()));
            o.put("diskReadBytes", u.diskReadBytes());
            o.put("diskWriteBytes", u.diskWriteBytes());
            o.put("netRxBytes", u.netRxBytes());
            o.put("netTxBytes", u.netTxBytes());
            o.put("cpuTimeNs", v.cpuTimeNs());
            return o;
        }

        /** Two decimals are plenty for a rate; keeps the lines short and stable. */
        private static Double round(Double d) {
            return d == null ? null : Math.round(d * 100) / 100.0;
        }
    }
}
