package dev.virtdeck.ssh;

import dev.virtdeck.error.VirtdeckException;

import java.time.Duration;
import java.util.List;

/**
 * The common part of a driver's wrapper around its command-line tool ({@code virsh}, {@code xl},
 * {@code VBoxManage}) on one host: the host, its connection and the varargs runs all of them
 * offer, on a {@link ToolRunner}. A wrapper adds what is particular to its tool; one whose tool
 * can fail with exit 0 overrides {@link #require}.
 */
public abstract class RemoteTool {
    private final ToolRunner runner;

    protected RemoteTool(ToolRunner runner) {
        this.runner = runner;
    }

    protected final ToolRunner runner() {
        return runner;
    }

    /** @return the inventory name of the host, named in errors */
    public final String host() {
        return runner.host();
    }

    public final SshHost ssh() {
        return runner.ssh();
    }

    /** Runs the tool and returns the result whatever happened. */
    public final ExecResult run(String... args) {
        return runner.run(List.of(args));
    }

    /** Runs the tool with its own timeout instead of the host's default. */
    public final ExecResult run(Duration timeout, String... args) {
        return runner.run(timeout, List.of(args));
    }

    /** Runs the tool and requires success. @param vm the VM concerned (for errors), or null */
    public final ExecResult ok(String vm, String... args) {
        return require(vm, run(args));
    }

    /** @return {@code r} when it succeeded (exit 0) @throws VirtdeckException the tool's failure otherwise */
    public ExecResult require(String vm, ExecResult r) {
        return runner.require(vm, r);
    }
}
