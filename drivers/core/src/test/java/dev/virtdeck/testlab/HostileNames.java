package dev.virtdeck.testlab;

import dev.virtdeck.inventory.Selector;

import java.util.List;

/**
 * The hostile VM-name corpus every driver's tests run through (issue 10): each entry stresses one
 * way a name can break a command line or a parser. The injection entries try to create a
 * <em>canary</em> file ({@code vd-canary-N}) in the login's working directory (its home): a
 * canary that exists afterwards proves a remote shell ran a piece of a name. No entry contains
 * {@code /} (libvirt and xl refuse it in names, so it is not a useful probe) nor a newline.
 *
 * @param id      short identifier, stable, usable in a test's display name and in a prefix
 * @param name    the VM name, verbatim
 * @param stress  what the entry stresses
 * @param canary  the file the injection would create, or null for entries without one
 */
public record HostileNames(String id, String name, String stress, String canary) {

    /** Every entry; names start with {@code vd} or {@code -vd} so lab cleanup can find them. */
    public static final List<HostileNames> CORPUS = List.of(
            new HostileNames("space", "vd two  spaces ", "spaces, two in a row and a trailing one", null),
            new HostileNames("squote", "vd it's", "a single quote", null),
            new HostileNames("dquote", "vd say \"hi\"", "double quotes", null),
            new HostileNames("backslash", "vd back\\slash\\n", "backslashes (and a would-be \\n escape)", null),
            new HostileNames("subst", "vd$(touch vd-canary-1)", "command substitution $()", "vd-canary-1"),
            new HostileNames("backtick", "vd`touch vd-canary-2`", "backticks", "vd-canary-2"),
            new HostileNames("semicolon", "vd;touch vd-canary-3", "a command separator ;", "vd-canary-3"),
            new HostileNames("pipe", "vd|touch vd-canary-4", "a pipe |", "vd-canary-4"),
            new HostileNames("amp", "vd&touch vd-canary-5&", "background &", "vd-canary-5"),
            new HostileNames("dash", "-vd-dash", "a leading dash (option injection)", null),
            new HostileNames("glob", "vd*glob?[ab]", "glob characters * ? [ ]", null),
            new HostileNames("unicode", "vd-ünïcødé-日本", "non-ASCII (UTF-8)", null));

    /** @return the selector naming exactly this VM on {@code host} (glob characters escaped) */
    public String selector(String host) {
        return Selector.exact(host, name);
    }

    /** @return the canary file names of the whole corpus */
    public static List<String> canaries() {
        return CORPUS.stream().map(HostileNames::canary).filter(c -> c != null).toList();
    }

    /** @return the entry with this id */
    public static HostileNames byId(String id) {
        return CORPUS.stream().filter(h -> h.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no corpus entry " + id));
    }

    @Override
    public String toString() {
        return id;
    }
}
