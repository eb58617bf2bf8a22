package dev.virtdeck.cli.complete;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code __complete SHELL ...}: what the completion scripts call on each TAB (hidden). Prints a
 * directive line ({@link Completion#directive()}), then one candidate a line:
 * <ul>
 *   <li>{@code __complete bash WORDBREAKS LINE}: LINE is the line up to the cursor; each candidate is
 *       the text bash must put in place of the word readline completes, already quoted;</li>
 *   <li>{@code __complete zsh LINE}, {@code __complete fish LINE}: whole words, unquoted (those shells quote them).</li>
 * </ul>
 * {@code Main} runs it before anything else (no agent, no logging).
 */
@Command(name = CompleteCommand.NAME, hidden = true, description = "Print completions for a command line (used by the completion scripts).")
public final class CompleteCommand implements Callable<Integer> {
    public static final String NAME = "__complete";

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ARG", description = "bash WORDBREAKS LINE, zsh LINE or fish LINE")
    List<String> args;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : answer(spec.root(), args, Path.of(""))) out.println(line);
        out.flush();
        return 0;
    }

    /** @return the lines to print; just a directive with no candidates for arguments it cannot read */
    public static List<String> answer(CommandSpec root, List<String> args, Path cwd) {
        String shell = args.get(0);
        boolean bash = shell.equals("bash");
        if (args.size() != (bash ? 3 : 2)) return List.of("words");
        String line = args.get(args.size() - 1);
        ShellLine sl = ShellLine.parse(line, bash ? args.get(1) : "");
        List<String> words = sl.words();
        if (words.size() < 2) return List.of("words"); // the program name being typed: not ours
        Completion c = Completer.of(root, cwd.toAbsolutePath()).complete(words.subList(1, words.size()));
        List<String> out = new ArrayList<>(List.of(c.directive()));
        String typed = line.substring(sl.replaceFrom());
        for (String w : c.words()) {
            out.add(bash ? typed + ShellQuote.continueWord(w.substring(sl.current().length()), sl.quote()) : w);
        }
        return out;
    }
}
