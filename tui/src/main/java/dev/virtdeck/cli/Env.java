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
 * @param terminal  stdin is a terminal: prompts allowed, console switches it to raw mode
 * @param sshConfig the OpenSSH client config to honour (need not exist)
 */
public record Env(InputStream in, PrintStream out, PrintStream err, boolean terminal, FleetFactory fleets,
                  Path sshConfig) {

    /** The real process: System.in, SSH pool, libvirt drivers, ~/.ssh/config. */
    public static Env system(PrintStream out, PrintStream err) {
        FleetFactory real = (options, trace, prompter) -> {
            SshPool pool = new SshPool(trace, prompter);
            return new Fleet(options, pool::connect, Installed.OPENER, trace, pool);
        };
        return new Env(System.in, out, err, RawTerminal.stdinIsTerminal(), real,
                Path.of(System.getProperty("user.home"), ".ssh", "config"));
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
