package dev.virtdeck.cli.man;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.cli.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The man pages: one for every command the CLI has (found by walking picocli's model by the
 * names commands are registered under, not through the generator), each clean for
 * {@code groff -ww} and rendered by {@code man -l} with the command's own options.
 */
class ManPagesTest {
    static CommandSpec model;
    @TempDir
    Path dir;

    @BeforeAll
    static void model() {
        model = Main.model();
    }

    /** {@code virtdeck-snapshot-create.1} for each visible command, registered name by name. */
    static List<String> expectedPages(CommandSpec c, String prefix) {
        List<String> out = new ArrayList<>(List.of(prefix + ".1"));
        for (Map.Entry<String, CommandLine> e : c.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            boolean alias = List.of(sub.aliases()).contains(e.getKey()); // the page is the command's name's
            if (!sub.usageMessage().hidden() && !alias) out.addAll(expectedPages(sub, prefix + "-" + e.getKey()));
        }
        return out;
    }

    @Test
    void everyCommandHasAPageAndNoOtherPageIsWritten() throws IOException {
        ManPages.write(model, "1.2.3", dir);
        List<String> expected = expectedPages(model, "virtdeck");
        assertTrue(expected.containsAll(List.of("virtdeck.1", "virtdeck-list.1", "virtdeck-snapshot-create.1",
                "virtdeck-inventory-export.1", "virtdeck-start.1", "virtdeck-completion.1")), expected.toString());
        assertFalse(expected.contains("virtdeck-__complete.1"), "hidden commands have no page");
        try (var files = Files.list(dir)) {
            assertEquals(expected.stream().sorted().toList(), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aCommandAddedToTheModelGetsItsPageWithItsOptions() {
        CommandSpec root = Main.model();
        CommandSpec added = CommandSpec.create().name("frobnicate");
        added.usageMessage().description("Frobnicate VMs. More text.");
        added.addOption(OptionSpec.builder("--widget").paramLabel("W").type(String.class)
                .description("Which widget; .leading dot and back\\slash").build());
        root.addSubcommand("frobnicate", added);
        Map<String, String> pages = ManPages.of(root, "1.2.3");
        String page = pages.get("virtdeck-frobnicate.1");
        assertTrue(page != null, pages.keySet().toString());
        assertTrue(page.contains("virtdeck\\-frobnicate \\- Frobnicate VMs\n"), page);
        assertTrue(page.contains("\\fB\\-\\-widget\\fR \\fIW\\fR"), page);
        assertTrue(page.contains("Which widget; .leading dot and back\\eslash"), page);
        assertTrue(pages.get("virtdeck.1").contains(".BR virtdeck\\-frobnicate (1)"), "listed by its parent");
    }

    @Test
    void troffIsEscaped() {
        assertEquals("\\&.TH x", Roff.text(".TH x"));
        assertEquals("\\&'x", Roff.text("'x"));
        assertEquals("a\\eb \\-\\-c", Roff.text("a\\b --c"));
        assertEquals("caf\\[u00E9] \\[u1F600]", Roff.text("café \uD83D\uDE00"));
    }

    @Test
    void everyPageRendersWithoutGroffWarningsAndShowsItsOptions() throws Exception {
        assumeTrue(LabEnv.onPath("groff") && LabEnv.onPath("man"), "groff and man are needed");
        ManPages.write(model, "1.2.3", dir);
        for (CommandSpec c : ManPages.commands(model)) {
            Path page = dir.resolve(ManPage.pageName(c) + ".1");
            Result lint = run(List.of("groff", "-man", "-ww", "-z", page.toString()));
            assertEquals(new Result(0, "", ""), lint, page.getFileName() + ": groff warnings");
            Result man = run(List.of("man", "-l", page.toString()));
            assertEquals(0, man.code(), man.err());
            String text = man.out().replaceAll("-\\n\\s+", "-").replaceAll("\\s+", " ");
            assertTrue(text.contains("NAME " + ManPage.pageName(c) + " - "), text);
            assertTrue(text.contains("EXIT STATUS"), text);
            for (OptionSpec o : c.options()) {
                if (o.hidden() || o.inherited()) continue;
                for (String n : o.names()) assertTrue(text.contains(n), ManPage.pageName(c) + " lacks " + n + ": " + text);
            }
            if (c.parent() != null) assertTrue(text.contains("--inventory"), "global options named: " + text);
            for (String sub : c.subcommands().keySet()) {
                if (!c.subcommands().get(sub).getCommandSpec().usageMessage().hidden()) {
                    assertTrue(text.contains(ManPage.pageName(c) + "-" + sub + "(1)"), sub + " listed: " + text);
                }
            }
        }
    }

    record Result(int code, String out, String err) {
    }

    private Result run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MANWIDTH", "80");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().remove("MANPAGER");
        pb.environment().remove("PAGER");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectError(err.toFile());
        Process p = pb.start(); // stdout is a pipe: man formats without a pager
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), out, Files.readString(err));
    }
}
