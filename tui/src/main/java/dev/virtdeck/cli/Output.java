package dev.virtdeck.cli;

import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.RolloutListener;
import dev.virtdeck.fleet.RolloutResult;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.request.PlanStep;

import java.util.List;

/** Renders command results on stdout, as a table, JSON or JSON Lines (schemas in docs/cli.md). */
interface Output {

    /** {@code list}: hosts and their VMs. */
    void listing(Listing listing);

    /** Hears an action command's targets as they finish: JSON Lines streams them, the others print at the end. */
    default RolloutListener live() {
        return RolloutListener.NONE;
    }

    /** Action commands, once the run is over: one result per target, in rollout order. */
    void results(List<RolloutResult> results);

    /** {@code --dry-run} of an action command: one step per target, with the wave it would run in. */
    void plan(List<PlanStep> steps, List<Integer> waves);

    /** {@code hosts}: reachability; {@code addresses} are in the same order, for display. */
    void hosts(List<HostStatus> hosts, List<ResolvedHost> addresses);

    /** {@code host-info}: the host's status and one fact sheet per driver. */
    void hostInfo(HostStatus status, List<HostInfo> infos);
}
