package dev.virtdeck.fleet;

/**
 * A host a long-lived fleet holds (the agent's status).
 *
 * @param host      inventory name
 * @param ok        its last connection attempt worked
 * @param connected its SSH connection is up right now (a local check, nothing sent)
 * @param error     why it failed, or null
 */
public record HeldHost(String host, boolean ok, boolean connected, String error) {
}
