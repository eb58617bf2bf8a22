package dev.virtdeck.tui;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * What was done from the TUI, as CLI lines: kept in memory for the {@code l} view and appended to
 * {@code ~/.local/state/virtdeck/operations.log} as {@code LINE  # TIME RESULT}, a replayable script.
 */
public final class OperationLog {
    private static final Logger log = LoggerFactory.getLogger(OperationLog.class);
    private static final int KEEP = 2000;

    /** One logged operation (or a detail line of one, with {@code line} null). */
    public record Entry(Instant at, String line, String result) {
    }

    private final Path file;
    private final Clock clock;
    private final List<Entry> entries = new ArrayList<>();

    /** @param file where lines are appended, or null for memory only */
    public OperationLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** @return {@code ~/.local/state/virtdeck/operations.log} */
    public static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".local", "state", "virtdeck", "operations.log");
    }

    /** Records a finished operation: its CLI line and a one-line result. */
    public void add(String cliLine, String result) {
        Entry e = new Entry(clock.instant().truncatedTo(ChronoUnit.SECONDS), cliLine, result);
        synchronized (entries) {
            entries.add(e);
            if (entries.size() > KEEP) entries.remove(0);
        }
        if (file == null || cliLine == null) return;
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, cliLine + "  # " + e.at() + " " + result.replace('\n', ' ') + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ex) {
            log.warn("cannot append to {}", file, ex);
        }
    }

    /** Adds a detail line (command output, a target's outcome) shown under the last operation. */
    public void detail(String text) {
        synchronized (entries) {
            entries.add(new Entry(null, null, text));
            if (entries.size() > KEEP) entries.remove(0);
        }
    }

    /** @return the entries, oldest first */
    public List<Entry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** @return the log as display lines */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        for (Entry e : entries()) {
            if (e.line() == null) out.add("    " + e.result());
            else out.add(e.at() + "  " + e.line() + "  # " + e.result());
        }
        return out;
    }
}
