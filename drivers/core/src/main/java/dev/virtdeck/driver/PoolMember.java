package dev.virtdeck.driver;

/**
 * A host's place in a pool of hosts that share one VM database (XAPI): every member answers for
 * the whole pool, so a fleet reaching several members must list each pool VM once.
 *
 * @param poolId the pool's unique id (XAPI: the pool uuid)
 * @param member this host's name in the pool, as {@link VmInfo#residentOn()} names members
 */
public record PoolMember(String poolId, String member) {
}
