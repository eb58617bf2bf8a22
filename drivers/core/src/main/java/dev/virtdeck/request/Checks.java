package dev.virtdeck.request;

import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;

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

    /** @return the VM's listed state, {@link VmState#UNKNOWN} when the driver gave none */
    static VmState state(VmInfo vm) {
        return vm.state() == null ? VmState.UNKNOWN : vm.state();
    }

    /** @return the refusal of an action that needs a running VM */
    static Forecast notRunning(VmState state) {
        return Forecast.refused("the VM is not running (state " + state.label() + ")");
    }

    /**
     * @return where a change in {@code scope} would apply to a VM in {@code state}, or null when it
     *         cannot (the live VM of one that is not running)
     */
    static Set<Scope> scopes(Set<Scope> scope, VmState state) {
        Set<Scope> scopes = Scope.resolve(scope, state);
        return scopes.contains(Scope.LIVE) && !state.isActive() && state != VmState.UNKNOWN ? null : scopes;
    }

    static Forecast notLive(VmState state) {
        return Forecast.refused("cannot change the live VM: it is " + state.label() + " (use --config)");
    }

    /**
     * The forecast of set-memory and set-vcpus: a new maximum always applies (config); a live
     * value above the running VM's listed maximum is refused (every driver refuses it; the limits
     * of a configuration differ by driver and are left to the run); the listed value itself in
     * the VM's own scope is nothing to do.
     *
     * @param what    "memory" or "vCPUs"
     * @param verb    the CLI verb, for the advice to raise the maximum
     * @param spelled how a value reads, e.g. {@code n -> n + " MiB"}
     */
    static Forecast resize(VmInfo vm, Set<Scope> scope, boolean max, long value, Number current, Number maximum,
                           String what, String verb, java.util.function.LongFunction<String> spelled) {
        if (max) {
            return Forecast.wouldRun("would set the maximum " + what + " to " + spelled.apply(value)
                    + " (config, takes effect at next boot)");
        }
        VmState state = state(vm);
        Set<Scope> scopes = scopes(scope, state);
        if (scopes == null) return notLive(state);
        if (scopes.contains(Scope.LIVE) && maximum != null && value > maximum.longValue()) {
            return Forecast.refused(spelled.apply(value) + " is above the maximum of " + spelled.apply(maximum.longValue())
                    + "; raise the maximum first with " + verb + " --max (a config change that takes effect at the next boot)");
        }
        if (scope.isEmpty() && current != null && current.longValue() == value) {
            return Forecast.nothingToDo(what + " already " + spelled.apply(value));
        }
        return Forecast.wouldRun("would set " + what + " to " + spelled.apply(value) + Scope.text(scopes));
    }
}
