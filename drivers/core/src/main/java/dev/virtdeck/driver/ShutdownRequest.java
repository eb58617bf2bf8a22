package dev.virtdeck.driver;

import java.time.Duration;

/**
 * A graceful shutdown: send the request, then (unless {@code waitForShutoff} is false) wait up to
 * {@code timeout} for shutoff; at the deadline either fail or, with {@code force}, power off.
 */
public record ShutdownRequest(Duration timeout, boolean force, boolean waitForShutoff) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
}
