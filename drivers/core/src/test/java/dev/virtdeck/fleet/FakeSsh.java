package dev.virtdeck.fleet;

import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.SshHost;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SSH host that answers {@code true} and the toolstack probe from a canned stdout. */
public class FakeSsh implements SshHost {
    private final String name;
    private final String probeStdout;
    public final List<String> commands = new CopyOnWriteArrayList<>();
    public volatile boolean closed;

    public FakeSsh(String name, String probeStdout) {
        this.name = name;
        this.probeStdout = probeStdout;
    }

    @Override public String name() { return name; }

    @Override
    public ExecResult exec(RemoteCommand command) {
        return exec(command, Duration.ofSeconds(1));
    }

    @Override
    public ExecResult exec(RemoteCommand command, Duration timeout) {
        commands.add(command.shellLine());
        String out = command.argv().get(0).equals("command") ? probeStdout : "";
        return new ExecResult(command.shellLine(), out.isEmpty() && !command.argv().get(0).equals("true") ? 1 : 0,
                out, "", Duration.ofMillis(1));
    }

    @Override
    public RemoteProcess start(RemoteCommand command, boolean pty) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        closed = true;
    }
}
