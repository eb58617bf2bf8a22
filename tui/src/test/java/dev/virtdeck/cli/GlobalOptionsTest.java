package dev.virtdeck.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GlobalOptionsTest {

    private static Virtdeck parse(String... args) {
        CommandLine cl = Main.commandLine(new Env(null, System.out, System.err, false, null, null));
        cl.parseArgs(args);
        return cl.getCommand();
    }

    private static void assertAllSet(Virtdeck v) {
        assertEquals(Path.of("inv.yaml"), v.inventory);
        assertEquals(Path.of("kh"), v.knownHosts);
        assertTrue(v.acceptNew);
        assertEquals(OutputFormat.json, v.output);
        assertEquals(4, v.parallel);
        assertTrue(v.verbose);
        assertEquals(45, v.connectTimeout);
        assertEquals(Duration.ofSeconds(45), v.fleetOptions().connectTimeout());
    }

    @Test
    void globalOptionsBeforeTheCommand() {
        assertAllSet(parse("-i", "inv.yaml", "--known-hosts", "kh", "--accept-new", "-o", "json", "--parallel", "4",
                "--connect-timeout", "45", "-v", "list", "kvm1:*"));
    }

    @Test
    void globalOptionsAfterTheCommandAndBetweenSelectors() {
        assertAllSet(parse("start", "kvm1:web", "-i", "inv.yaml", "--known-hosts", "kh", "--accept-new", "-o", "json",
                "kvm2:web", "--parallel", "4", "-v", "--connect-timeout=45"));
    }

    @Test
    void defaults() {
        Virtdeck v = parse("hosts");
        assertEquals(32, v.parallel);
        assertEquals(OutputFormat.table, v.output);
        assertFalse(v.verbose);
        assertFalse(v.acceptNew);
        assertEquals(null, v.inventory);
        assertEquals(null, v.connectTimeout, "not given: not passed on to the TUI's commands either");
        assertEquals(Duration.ofSeconds(10), v.fleetOptions().connectTimeout());
    }

    @Test
    void outputFormatIsCaseInsensitive() {
        assertEquals(OutputFormat.json, parse("list", "-o", "JSON").output);
        assertEquals(OutputFormat.json, parse("list", "--output=json").output);
    }

    @Test
    void subcommandOptionsAndPositionals() {
        CommandLine cl = Main.commandLine(new Env(null, System.out, System.err, false, null, null));
        CommandLine.ParseResult r = cl.parseArgs("set-memory", "kvm1:a", "@rack", "512M", "--live", "--config", "--max");
        SetMemoryCommand c = r.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(java.util.List.of("kvm1:a", "@rack"), c.selectorTexts());
        assertTrue(c.scope.live && c.scope.config && c.max);
        r = cl.parseArgs("shutdown", "web", "--timeout", "5", "--force");
        ShutdownCommand s = r.subcommand().commandSpec().commandLine().getCommand();
        assertEquals(5, s.timeout);
        assertTrue(s.force);
    }
}
