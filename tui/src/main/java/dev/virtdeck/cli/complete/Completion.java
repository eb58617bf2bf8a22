package dev.virtdeck.cli.complete;

import java.util.List;

/**
 * The answer to one completion request.
 *
 * @param files      complete file names (the shell's own file completion); words is then empty
 * @param words      the candidates, whole words, unquoted, each starting with the current word
 * @param noSpace    the shell must not add a space after a single candidate (it ends in {@code :} or {@code =})
 */
public record Completion(boolean files, List<String> words, boolean noSpace) {
    public Completion {
        words = List.copyOf(words);
    }

    static final Completion FILES = new Completion(true, List.of(), false);

    static Completion of(List<String> words) {
        boolean open = words.stream().anyMatch(w -> w.endsWith(":") || w.endsWith("=") || w.endsWith(","));
        return new Completion(false, words, open);
    }

    /** The first line of the protocol: {@code files}, {@code words} or {@code words nospace}. */
    String directive() {
        return files ? "files" : noSpace ? "words nospace" : "words";
    }
}
