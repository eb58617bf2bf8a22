package dev.virtdeck.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code -l/--limit PATTERN}, like Ansible's: a comma-separated list of terms, each a group name
 * ({@code web} or {@code @web}), a {@code tag:TAG} glob or a host name glob (a glob also matches
 * group names, as in Ansible). Plain terms add hosts; {@code &TERM} keeps only hosts also in
 * TERM; {@code !TERM} removes hosts. Only {@code !} and {@code &} terms start from every host.
 * {@code all} is every host, as in Ansible (unless a group has that name). Ansible's {@code :}
 * separator is not taken: {@code tag:} uses the colon.
 *
 * @param text the pattern as written
 */
public record HostLimit(String text) {

    /**
     * @return the inventory with only the hosts the pattern selects (groups keep their selected
     *         members); the defaults and the source stay
     * @throws SelectorException when the pattern is empty or a term matches no host or group
     */
    public Inventory apply(Inventory inv) throws SelectorException {
        String[] terms = text.split(",", -1);
        Set<String> selected = new LinkedHashSet<>();
        boolean anyPlain = false;
        List<String> intersect = new ArrayList<>();
        List<String> exclude = new ArrayList<>();
        for (String raw : terms) {
            String term = raw.strip();
            if (term.isEmpty()) {
                throw new SelectorException("invalid --limit '" + text + "': an empty term (write a,b for two)");
            }
            if (term.startsWith("!")) {
                exclude.add(term.substring(1));
            } else if (term.startsWith("&")) {
                intersect.add(term.substring(1));
            } else {
                anyPlain = true;
                selected.addAll(hosts(term, inv));
            }
        }
        if (!anyPlain) {
            selected.addAll(inv.hosts().keySet());
        }
        for (String t : intersect) {
            selected.retainAll(hosts(t, inv));
        }
        for (String t : exclude) {
            selected.removeAll(hosts(t, inv));
        }
        Map<String, Host> hosts = new LinkedHashMap<>();
        inv.hosts().forEach((n, h) -> {
            if (selected.contains(n)) {
                hosts.put(n, h);
            }
        });
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Group g : inv.groups().values()) {
            groups.put(g.name(), new Group(g.name(), g.hosts().stream().filter(selected::contains).toList()));
        }
        return new Inventory(inv.source(), inv.defaults(), hosts, groups);
    }

    /** @return the hosts one term names; a term naming nothing is an error (a typo would silently empty the run) */
    private Set<String> hosts(String term, Inventory inv) throws SelectorException {
        Set<String> out = new LinkedHashSet<>();
        String group = term.startsWith("@") ? term.substring(1) : term;
        if (term.equals("all") && !inv.hasGroup("all")) {
            out.addAll(inv.hosts().keySet()); // Ansible's implicit group
        } else if (term.startsWith("tag:")) {
            Glob tag = glob(term.substring(4));
            inv.hosts().values().stream().filter(h -> h.tags().stream().anyMatch(tag::matches))
                    .forEach(h -> out.add(h.name()));
        } else if (inv.hasGroup(group)) {
            inv.hostsInGroup(group).forEach(h -> out.add(h.name()));
        } else if (!term.startsWith("@")) {
            Glob g = glob(term);
            inv.hosts().keySet().stream().filter(g::matches).forEach(out::add);
            for (String name : inv.groups().keySet()) {
                if (g.matches(name)) {
                    inv.hostsInGroup(name).forEach(h -> out.add(h.name()));
                }
            }
        }
        if (out.isEmpty()) {
            throw new SelectorException("--limit '" + text + "': '" + term + "' matches no host, group or tag of the"
                    + " inventory" + Names.hint(group, hostsAndGroups(inv)));
        }
        return out;
    }

    private Glob glob(String g) throws SelectorException {
        try {
            return Glob.compile(g);
        } catch (IllegalArgumentException e) {
            throw new SelectorException("invalid --limit '" + text + "': " + e.getMessage());
        }
    }

    private static List<String> hostsAndGroups(Inventory inv) {
        List<String> all = new ArrayList<>(inv.hosts().keySet());
        all.addAll(inv.groups().keySet());
        return all;
    }
}
