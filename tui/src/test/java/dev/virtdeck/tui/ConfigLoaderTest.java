package dev.virtdeck.tui;

import com.googlecode.lanterna.TextColor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest {
    private static final Path F = Path.of("config.yaml");

    @Test
    void aMissingFileGivesTheDefaults(@TempDir Path dir) throws Exception {
        TuiConfig c = ConfigLoader.load(dir.resolve("nope.yaml"));
        assertEquals(0x1d, c.consoleEscape());
        assertEquals(Duration.ofSeconds(5), c.refreshInterval());
    }

    @Test
    void readsEveryKnownSetting(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, """
                refresh_seconds: 2
                shutdown_timeout_seconds: 30
                console_escape: ctrl-x
                keys:
                  start: [s, enter]
                  details: D
                colors:
                  running: "#00ff00"
                  stale: 244
                  crashed: magenta-bright
                """);
        TuiConfig c = ConfigLoader.load(f);
        assertEquals(Duration.ofSeconds(2), c.refreshInterval());
        assertEquals(Duration.ofSeconds(30), c.shutdownTimeout());
        assertEquals(0x18, c.consoleEscape());
        assertEquals("s/enter", c.keys().binding(ActionId.START).keyLabel());
        assertEquals(new TextColor.RGB(0, 255, 0), c.theme().color(Role.RUNNING));
        assertEquals(new TextColor.Indexed(244), c.theme().color(Role.STALE));
        assertEquals(TextColor.ANSI.MAGENTA_BRIGHT, c.theme().color(Role.CRASHED));
    }

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, F)).getMessage();
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsWithLineAndColumn() {
        assertEquals("config.yaml:2:1: refresh: unknown key; expected one of refresh_seconds, shutdown_timeout_seconds,"
                + " console_escape, keys, colors", error("keys: {}\nrefresh: 3\n"));
        assertEquals("config.yaml:2:3: keys.frobnicate: unknown action; expected one of up, down, page-up, page-down,"
                + " top, bottom, filter, command, mark, mark-all, start, shutdown, force-off, reboot, pause, console,"
                + " memory, vcpus, disk, new-vm, reset, details, host-info, log, refresh, help, quit, sort-next, sort-prev, sort-reverse, snapshots",
                error("keys:\n  frobnicate: x\n"));
        assertEquals("config.yaml:2:12: colors.running: unknown colour 'chartreuse': expected an ANSI name (black, red,"
                + " green, yellow, blue, magenta, cyan, white, each optionally -bright, or default), #rrggbb or 0-255",
                error("colors:\n  running: chartreuse\n"));
        assertEquals("config.yaml:1:1: keys: key 'q' is bound to both start and quit", error("keys:\n  start: q\n"));
        assertEquals("config.yaml:1:17: console_escape: expected ctrl-X with X one of A-Z @ [ \\ ] ^ _, got 'esc'",
                error("console_escape: esc\n"));
        assertEquals("config.yaml:1:18: refresh_seconds: must be at least 1, got 0", error("refresh_seconds: 0\n"));
    }
}
