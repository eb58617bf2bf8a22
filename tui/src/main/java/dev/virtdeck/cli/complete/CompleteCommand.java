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
 *       the text bash must put in place of the word readline completes (after its last word break),
 *       already quoted, or with the directive's {@value #RAW} flag unquoted, for readline to quote;</li>
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
        if (!bash) return withDirective(c.directive(), c.words());
        // What readline replaces: the text after its last word break (':' of HOST:VM, '=' of --output=).
        List<String> tails = new ArrayList<>();
        for (String w : c.words()) tails.add(w.substring(sl.unquotedFrom()));
        boolean needQuoting = tails.stream().anyMatch(t -> !ShellQuote.continueWord(t, (char) 0).equals(t));
        if (needQuoting && tails.stream().allMatch(CompleteCommand::readlineQuotesRight)) {
            // readline quotes them itself (compopt -o filenames), after taking the matches' common
            // prefix unquoted: pre-quoted, "vd x" and "vd*" would share the prefix "vd\"
            return withDirective(c.directive() + " " + RAW, tails);
        }
        List<String> quoted = new ArrayList<>();
        String typed = line.substring(sl.replaceFrom());
        for (String w : c.words()) quoted.add(typed + ShellQuote.continueWord(w.substring(sl.current().length()), sl.quote()));
        if (quoted.size() > 1) {
            // readline inserts the matches' longest common prefix: never half an escape ("vd\")
            String whole = typed + ShellQuote.continueWord(commonPrefix(c.words()).substring(sl.current().length()), sl.quote());
            if (commonPrefix(quoted).length() > whole.length()) quoted.add(whole);
        }
        return withDirective(c.directive(), quoted);
    }

    /**
     * Whether bash's filename quoting (compopt -o filenames) quotes this text so that it reads
     * back verbatim: it leaves {@code $(...)} and backticks unquoted (so that they can be
     * completed as expansions), which would run a piece of a name; and it backslashes the word
     * breaks {@code : = @} ({@code kvm1:} would become the selector {@code kvm1\:}).
     */
    private static boolean readlineQuotesRight(String text) {
        for (char ch : text.toCharArray()) {
            if (Character.isLetterOrDigit(ch) || ch > 127 || "_%+,./-".indexOf(ch) >= 0) continue;
            if (" '\"\\*?[];|&<>".indexOf(ch) < 0) return false;
        }
        return true;
    }

    private static String commonPrefix(List<String> words) {
        String p = words.get(0);
        for (String w : words) {
            int n = 0;
            while (n < p.length() && n < w.length() && p.charAt(n) == w.charAt(n)) n++;
            p = p.substring(0, n);
        }
        return p;
    }

    /** The directive's flag: the candidates are unquoted, for readline to quote ({@code compopt -o filenames}). */
    static final String RAW = "raw";

    private static List<String> withDirective(String directive, List<String> words) {
        List<String> out = new ArrayList<>(List.of(directive));
        out.addAll(words);
        return out;
    }
}
