package dev.virtdeck.driver;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a change applies: to the running VM, to its persistent definition, or both. An empty set
 * means virsh's {@code --current}: live if the VM runs, config if it is off.
 */
public enum Scope {
    LIVE, CONFIG;

    public static Set<Scope> current() {
        return EnumSet.noneOf(Scope.class);
    }

    public static Set<Scope> of(boolean live, boolean config) {
        EnumSet<Scope> s = EnumSet.noneOf(Scope.class);
        if (live) s.add(LIVE);
        if (config) s.add(CONFIG);
        return s;
    }

    /** Resolves "current" against the VM's state; explicit scopes are returned unchanged. */
    public static Set<Scope> resolve(Set<Scope> requested, VmState state) {
        if (!requested.isEmpty()) return EnumSet.copyOf(requested);
        return EnumSet.of(state.isActive() ? LIVE : CONFIG);
    }

    /** @return how results name the scope: " (live)", " (config)", " (live and config)", "" for "current" */
    public static String text(Set<Scope> scope) {
        if (scope.isEmpty()) return "";
        if (scope.size() == 2) return " (live and config)";
        return scope.contains(LIVE) ? " (live)" : " (config)";
    }
}
