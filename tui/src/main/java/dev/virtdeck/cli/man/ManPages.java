package dev.virtdeck.cli.man;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The man pages of every command that {@code --help} lists: the root's and each visible subcommand's, at any depth. */
public final class ManPages {
    private ManPages() {
    }

    /** @return page file name ({@code virtdeck-list.1}) to troff source, root first, in help order */
    public static Map<String, String> of(CommandSpec root, String version) {
        Map<String, String> out = new LinkedHashMap<>();
        for (CommandSpec c : commands(root)) out.put(ManPage.pageName(c) + ".1", ManPage.of(c, version));
        return out;
    }

    /** @return the command and its visible subcommands, depth first (aliases once) */
    public static List<CommandSpec> commands(CommandSpec root) {
        List<CommandSpec> out = new ArrayList<>();
        out.add(root);
        for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
            CommandSpec s = e.getValue().getCommandSpec();
            if (!s.usageMessage().hidden() && s.name().equals(e.getKey())) out.addAll(commands(s));
        }
        return out;
    }

    /** Writes every page into {@code dir}, created if needed. */
    public static void write(CommandSpec root, String version, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> p : of(root, version).entrySet()) {
            Files.writeString(dir.resolve(p.getKey()), p.getValue(), StandardCharsets.UTF_8);
        }
    }
}
