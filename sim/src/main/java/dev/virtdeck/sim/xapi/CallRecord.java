package dev.virtdeck.sim.xapi;

import java.util.List;

/**
 * One XAPI call as the pool saw it: the member whose socket received it, the host that executed it (always the
 * pool master), the method, its parameters (the login password masked) and the outcome ("Success" or the error
 * code).
 */
public record CallRecord(String receivedBy, String executedBy, String method, List<Object> args, String outcome) {}
