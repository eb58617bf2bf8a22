package dev.virtdeck.cli;

import dev.virtdeck.driver.HostInfo;
import dev.virtdeck.fleet.HostStatus;
import dev.virtdeck.fleet.Listing;
import dev.virtdeck.fleet.TargetResult;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.request.PlanStep;

import java.util.List;

/** Renders command results on stdout, as a table or as JSON (schemas in docs/cli.md). */
interface Output {

    /** {@code list}: hosts and their VMs. */
    void listing(Listing listing);

    /** Action commands: one result per target. */
    void results(List<TargetResult> results);

    /** {@code --dry-run} of an action command: one step per target. */
    void plan(List<PlanStep> steps);

    /** {@code hosts}: reachability; {@code addresses} are in the same order, for display. */
    void hosts(List<HostStatus> hosts, List<ResolvedHost> addresses);

    /** {@code host-info}: the host's status and one fact sheet per driver. */
    void hostInfo(HostStatus status, List<HostInfo> infos);
}
