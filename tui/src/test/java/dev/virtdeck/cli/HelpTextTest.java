package dev.virtdeck.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Picocli runs every help line through {@code String.format}: a bare {@code %} (as in "N%")
 * makes it print a {@code [picocli WARN]} line on stderr per line and show the raw text. The
 * help of every command and sub-command must render without one.
 */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutAPicocliWarning() {
        CommandLine root = Main.commandLine(Env.system(System.out, System.err));
        List<String> warned = new ArrayList<>();
        PrintStream saved = System.err;
        try {
            walk(root, warned);
        } finally {
            System.setErr(saved);
        }
        assertEquals(List.of(), warned);
    }

    private static void walk(CommandLine cl, List<String> warned) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cl.usage(new PrintStream(out, true, StandardCharsets.UTF_8));
        assertFalse(out.toString(StandardCharsets.UTF_8).isBlank(), cl.getCommandName());
        String w = err.toString(StandardCharsets.UTF_8);
        if (w.contains("WARN")) warned.add(cl.getCommandSpec().qualifiedName() + ": " + w.lines().findFirst().orElse(""));
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, warned);
    }
}
