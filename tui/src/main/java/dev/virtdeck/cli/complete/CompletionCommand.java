package dev.virtdeck.cli.complete;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code completion bash|zsh|fish}: prints the shell's completion script. */
@Command(name = "completion", sortOptions = false,
        description = {"Print the shell completion script for bash, zsh or fish.",
                "bash: source <(virtdeck completion bash); zsh (after compinit): source <(virtdeck completion zsh);"
                        + " fish: virtdeck completion fish | source. Hosts, groups and tags come from the inventory,"
                        + " VM names from a cache of the last listings (no host is contacted on TAB)."})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells, with the file name each script is installed under. */
    public enum Shell {
        bash("virtdeck.bash", "virtdeck.bash"), zsh("virtdeck.zsh", "_virtdeck"), fish("virtdeck.fish", "virtdeck.fish");

        private final String resource;
        /** The file name the shell looks it up by (a package installs it so). */
        public final String installedName;

        Shell(String resource, String installedName) {
            this.resource = resource;
            this.installedName = installedName;
        }

        /** @return the script's text */
        public String script() {
            try (InputStream in = CompletionCommand.class.getResourceAsStream(resource)) {
                if (in == null) throw new IllegalStateException("missing resource " + resource);
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.print(shell.script());
        out.flush();
        return 0;
    }
}
