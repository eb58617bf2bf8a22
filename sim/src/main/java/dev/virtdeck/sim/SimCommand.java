package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SSH exec request (or, with a null line, an interactive shell) on a simulated host, run on its own thread
 * so a slow or hanging command never blocks the SSH server's I/O threads.
 */
final class SimCommand implements Command {

    private static final Logger LOG = LoggerFactory.getLogger(SimCommand.class);

    private final SimHost host;
    private final String line;
    private final CountDownLatch destroyed = new CountDownLatch(1);
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Thread worker;

    SimCommand(SimHost host, String line) {
        this.host = host;
        this.line = line;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        // a pty-req sets the window size even when the client (ssh -tt without a local tty) sends no modes
        boolean pty = !env.getPtyModes().isEmpty() || env.getEnv().containsKey(Environment.ENV_COLUMNS);
        Io io = new Io(in, out, err, pty);
        worker = new Thread(() -> runAndExit(io), "sim-cmd-" + host.hostname());
        worker.setDaemon(true);
        worker.start();
    }

    private void runAndExit(Io io) {
        int rc;
        try {
            if (host.hangAfterAuth()) {
                if (line != null) {
                    host.logCommand(line);
                }
                destroyed.await(); // say nothing until the client gives up
                return;
            }
            rc = line == null ? HostShell.run(host, io) : Dispatcher.run(host, line, io);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (UncheckedIOException e) {
            LOG.debug("{}: client went away during '{}': {}", host.hostname(), line, e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("{}: simulator bug while running '{}'", host.hostname(), line, e);
            io.err("sim: internal error: " + e + "\n");
            rc = 70;
        }
        exit.onExit(rc);
    }

    @Override
    public void destroy(ChannelSession channel) throws IOException {
        destroyed.countDown();
        if (worker != null) {
            worker.interrupt();
        }
    }
}
