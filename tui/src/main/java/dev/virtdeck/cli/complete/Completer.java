package dev.virtdeck.cli.complete;

import dev.virtdeck.inventory.HostLimit;
import dev.virtdeck.inventory.Inventory;
import dev.virtdeck.inventory.SelectorException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Computes completions from picocli's model of the commands, so that they follow the annotations:
 * subcommands, options, option values (an enum's constants, files for a path), and for
 * {@code SELECTOR} and {@code HOST} parameters the names of the inventory that {@code -i} on the
 * line names (the default one otherwise), within its {@code -l}, and the VM names of the cache.
 * Never contacts a host.
 */
public final class Completer {
    private final CommandSpec root;
    /** The fleet's names for the inventory {@code -i} names (null: the default) and {@code -l} (null: none). */
    private final BiFunction<String, String, FleetNames> names;

    Completer(CommandSpec root, BiFunction<String, String, FleetNames> names) {
        this.root = root;
        this.names = names;
    }

    /** Completes against the real inventory and cache, relative paths from {@code cwd}. */
    public static Completer of(CommandSpec root, Path cwd) {
        Path sshConfig = Path.of(System.getProperty("user.home"), ".ssh", "config");
        return new Completer(root, (spec, limit) -> {
            InventorySource src = InventorySource.of(spec, cwd, sshConfig);
            Inventory inv = src.loadQuietly();
            try {
                if (limit != null) inv = new HostLimit(limit).apply(inv);
            } catch (SelectorException e) {
                // an unfinished or wrong -l: the whole inventory, as a guess
            }
            return FleetNames.of(inv, VmNameCache.of(src.key()).read());
        });
    }

    /** @param words the words after the program name, the last being the one completed (maybe empty) */
    public Completion complete(List<String> words) {
        String cur = words.get(words.size() - 1);
        CommandSpec cmd = root;
        int positional = 0;
        boolean endOfOptions = false;
        String inventory = null;
        String limit = null;
        OptionSpec pending = null; // an option whose value is the next word
        for (String w : words.subList(0, words.size() - 1)) {
            if (pending != null) {
                if (isInventory(pending)) inventory = w;
                if (isLimit(pending)) limit = w;
                pending = null;
            } else if (!endOfOptions && w.equals("--")) {
                endOfOptions = true;
            } else if (!endOfOptions && w.startsWith("-") && w.length() > 1) {
                OptionSpec o = option(cmd, w);
                String attached = attachedValue(w);
                if (o != null && takesValue(o)) {
                    if (attached == null) pending = o;
                    else if (isInventory(o)) inventory = attached;
                    else if (isLimit(o)) limit = attached;
                }
            } else if (positional == 0 && cmd.subcommands().containsKey(w)) {
                cmd = cmd.subcommands().get(w).getCommandSpec();
            } else {
                positional++;
            }
        }
        String inv = inventory;
        String lim = limit;
        if (pending != null) return filter(values(pending, "", cur, inv), cur);
        if (!endOfOptions && cur.startsWith("-")) {
            int eq = cur.indexOf('=');
            if (cur.startsWith("--") && eq > 0) {
                OptionSpec o = cmd.findOption(cur.substring(0, eq));
                return o == null || !takesValue(o) ? Completion.of(List.of())
                        : filter(values(o, cur.substring(0, eq + 1), cur.substring(eq + 1), inv), cur);
            }
            return filter(Completion.of(optionNames(cmd)), cur);
        }
        if (positional == 0 && !visibleSubcommands(cmd).isEmpty()) return filter(Completion.of(visibleSubcommands(cmd)), cur);
        PositionalParamSpec p = positionalAt(cmd, positional);
        if (p == null) return Completion.of(List.of());
        String label = p.paramLabel();
        if (label.startsWith("SELECTOR")) {
            List<String> out = new ArrayList<>(names.apply(inv, lim).selectors(cur));
            if (positional > 0) out.addAll(trailingWords(label));
            return filter(Completion.of(out), cur);
        }
        if (label.equals("HOST")) return filter(Completion.of(names.apply(inv, lim).hosts()), cur);
        return filter(candidates(p), cur);
    }

    /** {@code on}, {@code off} of {@code SELECTOR... on|off}: the fixed words a label ends with. */
    private static List<String> trailingWords(String label) {
        String last = label.substring(label.lastIndexOf(' ') + 1);
        return last.matches("[a-z]+(\\|[a-z]+)+") ? List.of(last.split("\\|")) : List.of();
    }

    /** Values of an option, each after {@code prefix} ({@code --output=} when written attached). */
    private Completion values(OptionSpec o, String prefix, String partial, String inventory) {
        if (isLimit(o)) {
            int comma = partial.lastIndexOf(',');
            String before = prefix + partial.substring(0, comma + 1);
            String term = partial.substring(comma + 1);
            String neg = term.startsWith("!") || term.startsWith("&") ? term.substring(0, 1) : "";
            List<String> out = new ArrayList<>();
            for (String t : names.apply(inventory, null).limitTerms()) out.add(before + neg + t);
            return Completion.of(out);
        }
        Class<?> type = o.type();
        if (Path.class.isAssignableFrom(type) || File.class.isAssignableFrom(type)) {
            return prefix.isEmpty() ? Completion.FILES : Completion.of(List.of());
        }
        List<String> out = new ArrayList<>();
        for (String c : candidates(o).words()) out.add(prefix + c);
        return Completion.of(out);
    }

    /** The annotation's candidates; an enum's constants in lower case, as the help writes them (parsed case-insensitively). */
    private static Completion candidates(ArgSpec a) {
        List<String> out = new ArrayList<>();
        if (a.completionCandidates() != null) {
            boolean isEnum = a.type().isEnum();
            a.completionCandidates().forEach(c -> out.add(isEnum ? c.toLowerCase(java.util.Locale.ROOT) : c));
        }
        return Completion.of(out);
    }

    private static Completion filter(Completion c, String cur) {
        if (c.files()) return c;
        return Completion.of(c.words().stream().filter(w -> w.startsWith(cur)).distinct().toList());
    }

    private static List<String> optionNames(CommandSpec cmd) {
        TreeSet<String> out = new TreeSet<>();
        for (OptionSpec o : cmd.options()) if (!o.hidden()) out.addAll(List.of(o.names()));
        return new ArrayList<>(out);
    }

    private static List<String> visibleSubcommands(CommandSpec cmd) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : cmd.subcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) out.add(e.getKey());
        }
        return out;
    }

    private static PositionalParamSpec positionalAt(CommandSpec cmd, int index) {
        PositionalParamSpec last = null;
        for (PositionalParamSpec p : cmd.positionalParameters()) {
            if (p.index().contains(index)) return p;
            last = p;
        }
        return last != null && last.index().isUnspecified() ? last : null;
    }

    /** The option a word names: {@code --name}, {@code --name=value}, {@code -o} or {@code -ovalue}. */
    private static OptionSpec option(CommandSpec cmd, String word) {
        if (word.startsWith("--")) {
            int eq = word.indexOf('=');
            return cmd.findOption(eq > 0 ? word.substring(0, eq) : word);
        }
        OptionSpec o = cmd.findOption(word);
        return o != null ? o : cmd.findOption(word.substring(0, 2));
    }

    /** @return the value written in the same word ({@code --name=value}, {@code -ovalue}), else null */
    private String attachedValue(String word) {
        if (word.startsWith("--")) {
            int eq = word.indexOf('=');
            return eq > 0 ? word.substring(eq + 1) : null;
        }
        return word.length() > 2 ? word.substring(2) : null;
    }

    private static boolean takesValue(OptionSpec o) {
        return o.arity().max() > 0 && !o.usageHelp() && !o.versionHelp();
    }

    private static boolean isInventory(OptionSpec o) {
        return o.longestName().equals("--inventory");
    }

    private static boolean isLimit(OptionSpec o) {
        return o.longestName().equals("--limit");
    }
}
