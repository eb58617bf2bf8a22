package dev.virtdeck.cli.man;

import dev.virtdeck.cli.Main;
import dev.virtdeck.cli.VersionProvider;
import dev.virtdeck.cli.complete.CompletionCommand.Shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by the build (prepare-package): writes {@code DIR/man/*.1} and
 * {@code DIR/completion/{virtdeck.bash,_virtdeck,virtdeck.fish}}, which the package installs.
 */
public final class GenerateFiles {
    private GenerateFiles() {
    }

    /** @param args the output directory (tui/target) */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: GenerateFiles DIR");
        Path dir = Path.of(args[0]);
        ManPages.write(Main.model(), VersionProvider.version(), dir.resolve("man"));
        Path completion = Files.createDirectories(dir.resolve("completion"));
        for (Shell s : Shell.values()) {
            Files.writeString(completion.resolve(s.installedName), s.script(), StandardCharsets.UTF_8);
        }
    }
}
