package dev.virtdeck.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of a Markdown page, read from its fenced code blocks:
 * <ul>
 *   <li>a plain block (no info string) holding {@code $ virtdeck ...} lines is one example: each
 *       {@code $ } line a step (continued while it ends with {@code \}), the lines after it up to the
 *       next {@code $ } line its expected output;</li>
 *   <li>in an {@code sh}, {@code bash} or {@code shell} block each snippet is one example, run as one
 *       script: a snippet ends at a blank line, or where a comment line follows a command line (the
 *       next snippet's comment); only snippets that call {@code virtdeck} count.</li>
 * </ul>
 * A directive in an HTML comment on the line right above a block applies to all its examples:
 * {@code <!-- example: not run — REASON -->} marks them as not run, {@code <!-- example: exit N -->}
 * makes N their expected exit code (default 0). In a shell block a comment line
 * {@code # example: not run — REASON} marks its own snippet.
 */
final class DocExamples {
    private static final Pattern FENCE = Pattern.compile("^```\\s*([A-Za-z]*)\\s*$");
    private static final Pattern DIRECTIVE = Pattern.compile("^<!--\\s*example:\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^not run\\s*(?:—|--|-|:)\\s*(.+)$");
    private static final Pattern EXIT = Pattern.compile("^exit (\\d+)$");
    private static final Pattern SHELL_MARK = Pattern.compile("^#\\s*example:\\s*(.*)$");
    private static final List<String> SHELLS = List.of("sh", "bash", "shell");

    /** One command line or script, and the output the page shows after it (empty: none shown). */
    record Step(String command, List<String> expected) {}

    /**
     * @param line       the page's line (1-based) the example starts on
     * @param notRun     why it is not run, or null
     * @param exitCode   the exit code it must end with
     */
    record Example(int line, List<Step> steps, String notRun, int exitCode) {
        String title() {
            return "line " + line + ": " + steps.get(0).command().lines().filter(l -> !l.startsWith("#"))
                    .findFirst().orElse(steps.get(0).command()).strip();
        }
    }

    private DocExamples() {
    }

    static List<Example> parse(List<String> lines) {
        List<Example> out = new ArrayList<>();
        String directive = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                Matcher d = DIRECTIVE.matcher(lines.get(i).strip());
                if (d.matches()) directive = d.group(1);
                else if (!lines.get(i).isBlank()) directive = null;
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) end++;
            List<String> body = lines.subList(i + 1, Math.min(end, lines.size()));
            String info = fence.group(1);
            if (info.isEmpty()) {
                Example e = plain(body, i + 2, directive);
                if (e != null) out.add(e);
            } else if (SHELLS.contains(info)) {
                out.addAll(shell(body, i + 2, directive));
            }
            directive = null;
            i = end;
        }
        return out;
    }

    private static Example plain(List<String> body, int firstLine, String directive) {
        if (body.stream().noneMatch(l -> l.startsWith("$ virtdeck"))) return null;
        List<Step> steps = new ArrayList<>();
        int start = -1;
        for (int j = 0; j < body.size(); j++) {
            if (!body.get(j).startsWith("$ ")) continue;
            if (start < 0) start = j;
            StringBuilder cmd = new StringBuilder(body.get(j).substring(2));
            while (cmd.toString().endsWith("\\") && j + 1 < body.size()) cmd.append('\n').append(body.get(++j));
            List<String> expected = new ArrayList<>();
            while (j + 1 < body.size() && !body.get(j + 1).startsWith("$ ")) expected.add(body.get(++j));
            steps.add(new Step(cmd.toString(), expected));
        }
        return example(firstLine + start, steps, directive, null);
    }

    private static List<Example> shell(List<String> body, int firstLine, String directive) {
        List<Example> out = new ArrayList<>();
        List<String> snippet = new ArrayList<>();
        int start = 0;
        boolean commands = false;
        for (int j = 0; j <= body.size(); j++) {
            String l = j < body.size() ? body.get(j) : "";
            boolean comment = l.stripLeading().startsWith("#");
            if (l.isBlank() || (comment && commands)) {
                if (snippet.stream().anyMatch(s -> !s.stripLeading().startsWith("#") && s.contains("virtdeck"))) {
                    String mark = snippet.stream().map(s -> SHELL_MARK.matcher(s.strip()))
                            .filter(Matcher::matches).map(m -> m.group(1)).findFirst().orElse(null);
                    out.add(example(firstLine + start, List.of(new Step(String.join("\n", snippet), List.of())),
                            directive, mark));
                }
                snippet = new ArrayList<>();
                commands = false;
                if (l.isBlank()) continue;
            }
            if (snippet.isEmpty()) start = j;
            snippet.add(l);
            if (!comment) commands = true;
        }
        return out;
    }

    private static Example example(int line, List<Step> steps, String directive, String ownMark) {
        String notRun = null;
        int exit = 0;
        for (String d : new String[] {directive, ownMark}) {
            if (d == null) continue;
            Matcher n = NOT_RUN.matcher(d);
            Matcher x = EXIT.matcher(d);
            if (n.matches()) notRun = n.group(1);
            else if (x.matches()) exit = Integer.parseInt(x.group(1));
            else throw new IllegalArgumentException("line " + line + ": unknown example directive '" + d
                    + "' (known: 'not run — REASON', 'exit N')");
        }
        return new Example(line, steps, notRun, exit);
    }
}
