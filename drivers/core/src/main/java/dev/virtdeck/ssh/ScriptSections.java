package dev.virtdeck.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The output of a fixed remote script that runs several steps in ONE exec (one round trip instead of one per
 * step) and brackets each step's stdout so the steps can be told apart again:
 *
 * <pre>
 * echo '@@virtdeck:begin NAME ARG'; STEP; printf '\n@@virtdeck:end %s\n' "$?"
 * </pre>
 *
 * The end marker starts with its own newline so a step whose output does not end in one (a config file
 * without a final newline) cannot glue the marker onto its last line; that newline is removed again, so
 * {@link Section#stdout()} is exactly what the step printed. Steps' stderr is not split: it stays the
 * exec's. A section whose end marker is missing (the script was cut short) has no exit code.
 *
 * @param sections in the order the script printed them
 */
public record ScriptSections(List<Section> sections) {

    public static final String BEGIN = "@@virtdeck:begin ";
    public static final String END = "@@virtdeck:end ";

    /**
     * One step.
     *
     * @param name     the step's name (first word after the begin marker)
     * @param arg      the rest of the begin line (a path, a uuid), "" when none
     * @param stdout   what the step printed
     * @param exitCode the step's exit status, null when the script stopped inside the step
     */
    public record Section(String name, String arg, String stdout, Integer exitCode) {
        public boolean ok() {
            return exitCode != null && exitCode == 0;
        }
    }

    public ScriptSections {
        sections = List.copyOf(sections);
    }

    /** @return the text of a script a driver keeps as a resource next to {@code owner}, exactly as stored */
    public static String resource(Class<?> owner, String name) {
        try (java.io.InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Parses a script's stdout; text outside any section is ignored. */
    public static ScriptSections parse(String out) {
        List<Section> found = new ArrayList<>();
        String name = null;
        String arg = "";
        StringBuilder body = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (name == null) {
                if (line.startsWith(BEGIN)) {
                    String rest = line.substring(BEGIN.length());
                    int sp = rest.indexOf(' ');
                    name = sp < 0 ? rest : rest.substring(0, sp);
                    arg = sp < 0 ? "" : rest.substring(sp + 1);
                    body.setLength(0);
                }
            } else if (line.startsWith(END)) {
                // the step's text ends where the marker's own leading newline begins
                String text = body.length() > 0 ? body.substring(0, body.length() - 1) : "";
                found.add(new Section(name, arg, text, parseCode(line.substring(END.length()))));
                name = null;
            } else {
                body.append(line).append('\n');
            }
        }
        if (name != null) {
            String text = body.toString();
            found.add(new Section(name, arg, text.endsWith("\n") ? text.substring(0, text.length() - 1) : text, null));
        }
        return new ScriptSections(found);
    }

    /** @return every section of that name, in order */
    public List<Section> named(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** @return the first section of that name */
    public Optional<Section> first(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    private static Integer parseCode(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
