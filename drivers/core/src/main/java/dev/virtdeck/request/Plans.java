package dev.virtdeck.request;

import dev.virtdeck.driver.Capabilities;
import dev.virtdeck.driver.HypervisorDriver;
import dev.virtdeck.driver.Scope;
import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.Target;
import dev.virtdeck.inventory.Selector;
import dev.virtdeck.ssh.ShellQuote;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dry runs: what a request would do to each target, decided from a listing and the drivers'
 * capabilities, exactly as {@link Fleet#run} would reach the targets, but sending nothing (the
 * listing is all a plan asks of a host). The capability check is the request's own
 * {@link Request#refusal}, the one {@code apply} makes; the state check is
 * {@link VmRequest#forecast}.
 */
public final class Plans {
    private Plans() {
    }

    /**
     * @param fleet    the fleet that listed the targets' hosts (for their drivers)
     * @param listing  the listing the targets were resolved from
     * @param targets  the targets, as {@link Fleet#run} would get them
     * @return one step per target, in order
     */
    public static List<PlanStep> plan(Fleet fleet, Listing listing, List<Target> targets, VmRequest request) {
        List<PlanStep> out = new ArrayList<>();
        for (Target t : targets) out.add(step(fleet, listing, t, request));
        return out;
    }

    private static PlanStep step(Fleet fleet, Listing listing, Target t, VmRequest request) {
        String hostError = hostError(listing, t.host());
        if (hostError != null) return hostError(t, request, hostError);
        HypervisorDriver driver = fleet.drivers(t.host()).stream().filter(d -> d.kind().equals(t.driver()))
                .findFirst().orElse(null);
        if (driver == null) return hostError(t, request, "no driver " + t.driver() + " on this host");
        VmInfo vm = listing.vms().stream()
                .filter(v -> v.host().equals(t.host()) && v.name().equals(t.vm()) && v.driver().equals(t.driver()))
                .findFirst().orElse(null);
        if (request instanceof Clone c && listing.vms().stream()
                .anyMatch(v -> v.host().equals(t.host()) && v.name().equals(c.newName()))) {
            return step(t, request, Forecast.refused("a VM named " + c.newName() + " already exists on this host"));
        }
        return step(request, t, driver.capabilities(), vm);
    }

    /**
     * One target's step from what a front end already holds (the TUI's last listing): its
     * driver's capabilities and the VM as listed.
     *
     * @param caps null when the host has not been listed (a host error)
     * @param vm   null when the VM is not in the listing: judged on capabilities alone
     */
    public static PlanStep step(VmRequest request, Target target, Capabilities caps, VmInfo vm) {
        if (caps == null) return hostError(target, request, "host " + target.host() + " is not listed yet");
        Refusal no = request.refusal(caps);
        if (no != null) return step(target, request, Forecast.refused(no.message()));
        VmState state = vm == null || vm.state() == null ? VmState.UNKNOWN : vm.state();
        if (request.scoped() && request.scope().isEmpty() && state != VmState.UNKNOWN) {
            // "current" is live or config by the VM's state: a live-only driver refuses a VM that is off
            Refusal inState = Refusal.of(caps, request.operation(), Scope.resolve(request.scope(), state));
            if (inState != null) {
                return step(target, request, Forecast.refused(inState.message() + " (the VM is " + state.label() + ")"));
            }
        }
        Forecast f = vm == null ? Forecast.wouldRun("would " + request.verb() + " (not in the listing)")
                : request.forecast(vm);
        return step(target, request, f);
    }

    /**
     * The plan of a create on one host.
     *
     * @param listing the host's listing (its VM names are taken)
     */
    public static PlanStep create(Fleet fleet, Listing listing, String host, Create create) {
        Target t = new Target(host, create.spec().name(), null);
        String action = ShellQuote.join(words(create, host));
        String hostError = hostError(listing, host);
        if (hostError == null && fleet.drivers(host).isEmpty()) hostError = "no driver on this host";
        if (hostError != null) return new PlanStep(t.label(), PlanOutcome.HOST_ERROR, hostError, action);
        List<String> taken = listing.vms().stream().filter(v -> v.host().equals(host)).map(VmInfo::name).toList();
        HypervisorDriver driver = fleet.drivers(host).stream().filter(d -> d.kind().equals(create.driverKind()))
                .findFirst().orElse(fleet.drivers(host).get(0));
        Forecast f = create.forecast(driver, taken);
        return new PlanStep(t.label(), f.outcome(), f.message(), action);
    }

    /** @return why the host cannot be acted on (not connected, not listed), or null when it can */
    private static String hostError(Listing listing, String host) {
        Optional<HostStatus> st = listing.hosts().stream().filter(h -> h.host().equals(host)).findFirst();
        if (st.isEmpty()) return "host was not connected";
        return st.get().ok() ? null : st.get().error();
    }

    private static PlanStep hostError(Target t, Request request, String why) {
        return new PlanStep(t.label(), PlanOutcome.HOST_ERROR, why, action(request, t));
    }

    private static PlanStep step(Target t, Request request, Forecast f) {
        return new PlanStep(t.label(), f.outcome(), f.message(), action(request, t));
    }

    /** @return the CLI command doing {@code request} on this target alone, e.g. {@code start kvm1:web} */
    public static String action(Request request, Target t) {
        List<String> words = new ArrayList<>(List.of(request.verb().split(" ")));
        words.add(Selector.exact(t.host(), t.vm()));
        words.addAll(request.cliArguments());
        return ShellQuote.join(words);
    }

    private static List<String> words(Create create, String host) {
        List<String> words = new ArrayList<>(List.of(create.verb(), host));
        words.addAll(create.cliArguments());
        return words;
    }
}
