package dev.virtdeck.tui;

import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged TUI in a 160x40 tmux window on the real lab: the usage columns, sorting with
 * {@code >}/{@code I}, and the host pane's overcommit view with the lab host's real totals. Reads
 * only: no guest is started or changed.
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TuiLabStatsTest {
    /** A table row: mark column, host, name. */
    private static final Pattern ROW = Pattern.compile("^[ *] (lab[12])\\s+(\\S+)\\s+");
    /** The host summary: active VMs, vCPUs held / the host's CPUs, memory held / the host's memory. */
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) active  vCPU (\\d+)/(\\d+)!?  mem (\\S+)/(\\S+?)!?(\\s|$)");

    @TempDir
    Path home;
    LabEnv lab;
    TmuxTui tui;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
    }

    @AfterEach
    void close() {
        if (tui != null) tui.close();
    }

    /** @return the VM names of the table rows (below the header: the host pane's lines look alike) */
    static List<String> names(List<String> lines) {
        List<String> out = new ArrayList<>();
        int header = TmuxTui.rowOf(lines, "HOST", "NAME", "STATE");
        if (header < 0) return out;
        for (String l : lines.subList(header + 1, lines.size())) {
            Matcher m = ROW.matcher(l);
            if (m.find()) out.add(m.group(2));
        }
        return out;
    }

    @Test
    void sortByNameBothWaysAndTheHostSummaryWithTheHostsTotals() throws Exception {
        tui = TmuxTui.open(home, lab.inventory(), "refresh_seconds: 2\n", 160, 40);
        tui.await("the TUI with the usage columns", 60, l -> TmuxTui.rowOf(l, "HOST", "NAME", "CPU%", "USED",
                "DISK R/W", "NET RX/TX") >= 0 && names(l).size() >= 2);
        int cpus = Runtime.getRuntime().availableProcessors();
        tui.await("both hosts' summaries with the host's CPUs", 60, l -> {
            for (String host : List.of("lab1", "lab2")) {
                int row = TmuxTui.rowOf(l, "  " + host + " ", "up");
                if (row < 0) return false;
                Matcher m = SUMMARY.matcher(l.get(row));
                if (!m.find() || Integer.parseInt(m.group(3)) != cpus || m.group(5).equals("?")) return false;
            }
            return true;
        });
        tui.type(">>"); // the listing's order -> HOST -> NAME
        tui.await("NAME sorted ascending", 20, l -> TmuxTui.rowOf(l, "NAME^") >= 0);
        List<String> asc = names(tui.lines());
        List<String> sorted = new ArrayList<>(asc);
        sorted.sort(Comparator.comparing(s -> s.toLowerCase(Locale.ROOT)));
        assertEquals(sorted, asc, tui.screen());
        tui.type("I");
        tui.await("NAME sorted descending", 20, l -> TmuxTui.rowOf(l, "NAMEv") >= 0);
        List<String> desc = names(tui.lines());
        List<String> reversed = new ArrayList<>(desc);
        reversed.sort(Comparator.comparing((String s) -> s.toLowerCase(Locale.ROOT)).reversed());
        assertEquals(reversed, desc, tui.screen());
        assertTrue(tui.screen().contains("sorted by NAME desc"), tui.screen());
    }
}
