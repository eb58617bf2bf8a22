package dev.virtdeck.driver;

/**
 * What a successful action did.
 *
 * @param message human summary ("started", "already running", "forced after 5 s")
 * @param command the remote command line as the shell would see it, or the API call for native
 *                operations (several joined by " && " when an action needed more than one)
 */
public record OpResult(String message, String command) {
}
