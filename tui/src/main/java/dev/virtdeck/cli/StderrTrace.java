package dev.virtdeck.cli;

import dev.virtdeck.ssh.Trace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

/** {@code -v}: every remote command or API call on stderr as {@code HOST: CALL} (and in the log). */
final class StderrTrace implements Trace {
    private static final Logger log = LoggerFactory.getLogger("virtdeck.trace");
    private final PrintStream err;

    StderrTrace(PrintStream err) {
        this.err = err;
    }

    @Override
    public void call(String host, String call) {
        log.info("{}: {}", host, call);
        synchronized (err) { // hosts run in parallel: keep lines whole
            err.println(host + ": " + call);
            err.flush();
        }
    }
}
