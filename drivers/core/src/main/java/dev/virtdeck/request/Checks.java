package dev.virtdeck.request;

import dev.virtdeck.driver.Scope;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The value rules several requests share, each worded once. */
final class Checks {
    private Checks() {
    }

    static long memory(long mib) {
        if (mib < 1) throw new BadRequestException("memory must be at least 1 MiB, got " + mib);
        return mib;
    }

    static int vcpus(int count) {
        if (count < 1) throw new BadRequestException("vCPUs must be at least 1, got " + count);
        return count;
    }

    static long disk(long mib) {
        if (mib < 1) throw new BadRequestException("disk size must be at least 1 MiB, got " + mib);
        return mib;
    }

    /**
     * A maximum is part of the VM's definition and takes effect at its next boot, so {@code max}
     * refuses a live scope.
     *
     * @return an unmodifiable copy of {@code scope}
     */
    static Set<Scope> scope(Set<Scope> scope, boolean max) {
        if (max && scope.contains(Scope.LIVE)) {
            throw new BadRequestException("--max changes the configuration only: drop --live");
        }
        return Collections.unmodifiableSet(scope.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scope));
    }

    /** @return the CLI words of set-memory and set-vcpus: the scope, {@code --max}, then the value */
    static List<String> resizeArguments(Set<Scope> scope, boolean max, String value) {
        List<String> out = spell(scope);
        if (max) out.add("--max");
        out.add(value);
        return out;
    }

    /** @return the scope as the CLI's options, {@code --live} before {@code --config} */
    static List<String> spell(Set<Scope> scope) {
        List<String> out = new ArrayList<>();
        if (scope.contains(Scope.LIVE)) out.add("--live");
        if (scope.contains(Scope.CONFIG)) out.add("--config");
        return out;
    }
}
