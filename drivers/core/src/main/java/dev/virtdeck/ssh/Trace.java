package dev.virtdeck.ssh;

/** Receives every remote command or API call as it is made (the CLI's {@code -v}). */
@FunctionalInterface
public interface Trace {
    Trace NONE = (host, call) -> { };

    void call(String host, String call);
}
