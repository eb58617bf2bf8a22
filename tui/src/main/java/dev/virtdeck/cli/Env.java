package dev.virtdeck.cli;

import dev.virtdeck.driver.DriverKind;
import dev.virtdeck.fleet.DefaultDriverOpener;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.term.RawTerminal;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * What the CLI needs from the outside world, so that tests run it in-process.
 *
 * @param terminal    stdin is a terminal: prompts allowed, console switches it to raw mode
 * @param sshConfig   the OpenSSH client config to honour (need not exist)
 * @param errTerminal stderr is a terminal: progress lines may be drawn there
 * @param cwd         the directory relative paths on the command line are taken from
 */
public record Env(InputStream in, PrintStream out, PrintStream err, boolean terminal, FleetFactory fleets,
                  Path sshConfig, boolean errTerminal, Path cwd) {

    public Env {
        cwd = cwd.toAbsolutePath();
    }

    /** No terminal on stderr, this process's working directory (tests, the TUI's {@code :} prompt). */
    public Env(InputStream in, PrintStream out, PrintStream err, boolean terminal, FleetFactory fleets,
               Path sshConfig) {
        this(in, out, err, terminal, fleets, sshConfig, false, Path.of(""));
    }

    /** @return {@code p} taken relative to {@link #cwd()} (null stays null) */
    public Path resolve(Path p) {
        return p == null ? null : cwd.resolve(p);
    }

    /** The real process: System.in, SSH pool, libvirt drivers, ~/.ssh/config. */
    public static Env system(PrintStream out, PrintStream err) {
        FleetFactory real = (options, trace, prompter) -> {
            SshPool pool = new SshPool(trace, prompter);
            return new Fleet(options, pool::connect, Installed.OPENER, trace, pool);
        };
        return new Env(System.in, out, err, RawTerminal.stdinIsTerminal(), real,
                Path.of(System.getProperty("user.home"), ".ssh", "config"), RawTerminal.stderrIsTerminal(), Path.of(""));
    }

    /** @return the kinds of the driver modules on the class path: what an inventory may name */
    public List<String> driverKinds() {
        return Installed.OPENER.kinds().stream().map(DriverKind::name).toList();
    }

    /** The driver modules on the class path, found once per process (a ServiceLoader scan). */
    private static final class Installed {
        static final DefaultDriverOpener OPENER = new DefaultDriverOpener();
    }
}
