package dev.virtdeck.inventory;

import java.util.Objects;

/**
 * A target selector, shared by the CLI and the TUI:
 * <ul>
 *   <li>{@code HOST:VM} — glob on the inventory host name and glob on the VM name</li>
 *   <li>{@code @GROUP} — every VM on the group's hosts</li>
 *   <li>{@code @GROUP:VM} — VMs matching the glob on the group's hosts</li>
 *   <li>{@code tag:TAG} — every VM on the hosts with a tag matching the glob</li>
 *   <li>{@code tag:TAG:VM} — VMs matching the glob on those hosts</li>
 *   <li>{@code VM} — VMs matching the glob on any host</li>
 * </ul>
 * A leading {@code tag:} always starts a tag selector: a host named {@code tag} is written
 * {@code ta[g]:VM}.
 * Globs are case-sensitive ({@code *}, {@code ?}, {@code [..]}). A backslash escapes
 * {@code * ? [ ] : @ \}: {@code a\:b} is the VM {@code a:b} on any host, {@code \@x} the VM
 * {@code @x}. Any other character (spaces, quotes, {@code $()}, {@code ;}, backticks) is a
 * literal part of the name; a selector is never given to a shell.
 *
 * @param text     the selector as written
 * @param hostGlob glob on host names (escapes kept, {@code \:} and {@code \@} removed), or null
 *                 for any host
 * @param group    group name for {@code @GROUP} selectors, or null
 * @param vmGlob   glob on VM names (same form as hostGlob), or null for every VM
 * @param tagGlob  glob on host tags for {@code tag:TAG} selectors, or null
 */
public record Selector(String text, String hostGlob, String group, String vmGlob, String tagGlob) {
    private static final String ESCAPABLE = "*?[]:@\\";
    private static final String TAG = "tag:";

    public Selector {
        Objects.requireNonNull(text, "text");
    }

    /** A selector that is not a tag selector. */
    public Selector(String text, String hostGlob, String group, String vmGlob) {
        this(text, hostGlob, group, vmGlob, null);
    }

    /** @return {@code name} with every selector metacharacter ({@code * ? [ ] : @ \}) escaped */
    public static String escape(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (ESCAPABLE.indexOf(c) >= 0) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    /** @return the selector naming exactly the VM {@code vm} on the host {@code host} */
    public static String exact(String host, String vm) {
        String h = escape(host);
        // "tag:..." starts a tag selector; a glob naming just the host keeps it a host
        return (h.equals("tag") ? "ta[g]" : h) + ":" + escape(vm);
    }

    /**
     * Parses a selector.
     *
     * @throws SelectorException when empty, when a part is empty, for a second unescaped
     *                           {@code :}, an unknown escape, an unclosed {@code [} or an invalid
     *                           group name; the message quotes the selector
     */
    public static Selector parse(String text) throws SelectorException {
        if (text == null || text.isEmpty()) {
            throw new SelectorException("empty selector: expected HOST:VM, @GROUP, @GROUP:VM, tag:TAG, tag:TAG:VM or VM");
        }
        boolean isGroup = text.charAt(0) == '@';
        boolean isTag = text.startsWith(TAG);
        String body = isGroup ? text.substring(1) : isTag ? text.substring(TAG.length()) : text;
        // Split on the first unescaped ':' and turn \: and \@ into plain characters, keeping the
        // glob escapes for Glob.
        StringBuilder left = new StringBuilder();
        StringBuilder right = null;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            StringBuilder cur = right == null ? left : right;
            if (c == '\\') {
                if (i + 1 >= body.length()) {
                    throw error(text, "it ends with a lone backslash (write \\\\ for a backslash)");
                }
                char n = body.charAt(++i);
                if (ESCAPABLE.indexOf(n) < 0) {
                    throw error(text, "'\\" + n + "' is not an escape; a backslash only escapes * ? [ ] : @ \\");
                }
                if (n == ':' || n == '@') {
                    cur.append(n);
                } else {
                    cur.append('\\').append(n);
                }
            } else if (c == ':') {
                if (right != null) {
                    throw error(text, "more than one ':' (write \\: for a ':' in a name)");
                }
                right = new StringBuilder();
            } else {
                cur.append(c);
            }
        }
        String hostPart = left.toString();
        String vmPart = right == null ? null : right.toString();
        if (isTag) {
            if (hostPart.isEmpty()) {
                throw error(text, "'tag:' must be followed by a tag (write ta[g]:VM for the host named tag)");
            }
            if (vmPart != null && vmPart.isEmpty()) {
                throw error(text, "nothing after ':' (write tag:" + hostPart + " or tag:" + hostPart
                        + ":* for every VM)");
            }
            compile(text, hostPart);
            compile(text, vmPart);
            return new Selector(text, null, null, vmPart, hostPart);
        }
        if (isGroup) {
            if (hostPart.isEmpty()) {
                throw error(text, "'@' must be followed by a group name");
            }
            if (!Names.isValidName(hostPart)) {
                throw error(text, "invalid group name '" + hostPart + "': a group name " + Names.nameRule());
            }
            if (vmPart != null && vmPart.isEmpty()) {
                throw error(text, "nothing after ':' (write @" + hostPart + " or @" + hostPart + ":* for every VM)");
            }
            compile(text, vmPart);
            return new Selector(text, null, hostPart, vmPart);
        }
        if (vmPart == null) {
            compile(text, hostPart);
            return new Selector(text, null, null, hostPart);
        }
        if (hostPart.isEmpty()) {
            throw error(text, "nothing before ':' (write *:VM for a VM on any host)");
        }
        if (vmPart.isEmpty()) {
            throw error(text, "nothing after ':' (write " + hostPart + ":* for every VM of the host)");
        }
        compile(text, hostPart);
        compile(text, vmPart);
        return new Selector(text, hostPart, null, vmPart);
    }

    private static Glob compile(String text, String glob) throws SelectorException {
        if (glob == null) {
            return null;
        }
        try {
            return Glob.compile(glob);
        } catch (IllegalArgumentException e) {
            throw error(text, e.getMessage());
        }
    }

    private static SelectorException error(String text, String why) {
        return new SelectorException("invalid selector '" + text + "': " + why);
    }

    /** @return whether the host is selected: in the group, with the tag, matching the host glob, or any host */
    public boolean matchesHost(Host host, Inventory inv) {
        if (tagGlob != null) {
            Glob g = Glob.compile(tagGlob);
            return host.tags().stream().anyMatch(g::matches);
        }
        if (group != null) {
            return inv.hostsInGroup(group).stream().anyMatch(h -> h.name().equals(host.name()));
        }
        return hostGlob == null || Glob.compile(hostGlob).matches(host.name());
    }

    /** @return whether the VM name is selected (always true for {@code @GROUP}) */
    public boolean matchesVm(String vmName) {
        return vmGlob == null || Glob.compile(vmGlob).matches(vmName);
    }

    /**
     * @return true when neither side has a wildcard, so the selector names one VM per matching
     *         host ({@code kvm1:web} exactly one VM; a bare {@code web} or {@code @g:web} may still
     *         match a VM of that name on several hosts, which callers needing one target refuse)
     */
    public boolean isLiteral() {
        return vmName() != null && (hostGlob == null || hostName() != null);
    }

    /** @return the exact VM name when the VM part has no wildcard (escapes removed), else null */
    public String vmName() {
        return vmGlob == null ? null : Glob.compile(vmGlob).literal();
    }

    /** @return the exact host name when the host part is given without wildcard, else null */
    public String hostName() {
        return hostGlob == null ? null : Glob.compile(hostGlob).literal();
    }

    @Override
    public String toString() {
        return text;
    }
}
