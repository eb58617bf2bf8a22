package dev.virtdeck.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Picocli runs every help line through {@code String.format}: a bare {@code %} (as in "N%")
 * makes it print a warning on stderr for each line and show the raw text. Every description of
 * every command, option and parameter must format.
 */
class HelpTextTest {

    @Test
    void everyHelpLineOfEveryCommandFormats() {
        CommandLine root = Main.commandLine(Env.system(System.out, System.err));
        List<String> bad = new ArrayList<>();
        walk(root, bad);
        assertEquals(List.of(), bad);
    }

    private static void walk(CommandLine cl, List<String> bad) {
        CommandSpec spec = cl.getCommandSpec();
        check(spec.qualifiedName(), spec.usageMessage().description(), bad);
        for (ArgSpec arg : spec.args()) check(spec.qualifiedName() + " " + arg.paramLabel(), arg.description(), bad);
        for (CommandLine sub : cl.getSubcommands().values()) walk(sub, bad);
    }

    private static void check(String where, String[] lines, List<String> bad) {
        for (String line : lines) {
            try {
                String.format(line);
            } catch (IllegalFormatException e) {
                bad.add(where + ": " + line);
            }
        }
    }
}
