package dev.virtdeck.host;

import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.error.InvalidRequestException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.SshHost;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code host-setup}: installs and starts a hypervisor on a host over SSH, as an admin would with the
 * distribution's own packages (apt on Debian/Ubuntu, dnf on the RHEL family and Fedora). The plan is computed
 * from what the host has (its survey and its package database), so a second run finds nothing to do; it is
 * shown before anything runs. Nothing reboots: a Xen setup says what changes in the boot loader and that a
 * reboot into Xen is the admin's step.
 */
public final class HostSetup {

    /** What to set up. */
    public enum Kind {
        KVM("KVM/libvirt"), XEN("Xen"), LXC("LXC (libvirt)");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }

        public String flag() {
            return "--" + name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One remote command of the plan.
     *
     * @param why     what it achieves, for the plan's listing
     * @param command what runs (with {@code sudo -n} when the SSH user is not root)
     * @param timeout how long it may take (package installs are slow)
     */
    public record Step(String why, RemoteCommand command, Duration timeout) {
    }

    /**
     * @param host     inventory name
     * @param kind     what is set up
     * @param distro   the distribution as the host names it
     * @param present  what is already there (packages installed, daemon running): the plan skips it
     * @param steps    what would run, in order; empty when there is nothing to do
     * @param notes    what the admin must know (reboot into Xen, boot loader changes)
     */
    public record Plan(String host, Kind kind, String distro, List<String> present, List<Step> steps,
                       List<String> notes) {
        public Plan {
            present = List.copyOf(present);
            steps = List.copyOf(steps);
            notes = List.copyOf(notes);
        }

        public boolean nothingToDo() {
            return steps.isEmpty();
        }
    }

    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(30);
    static final Duration SHORT_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Starts libvirt's daemons unless its socket is there. Fixed text: used where no init system manages
     * them (containers, minimal hosts); std streams closed so the SSH channel ends when the daemons fork.
     */
    static final String START_LIBVIRTD = "[ -S /run/libvirt/libvirt-sock ] && exit 0; "
            + "virtlogd -d </dev/null >/dev/null 2>&1; libvirtd -d </dev/null >/dev/null 2>&1; "
            + "i=0; while [ $i -lt 50 ]; do [ -S /run/libvirt/libvirt-sock ] && exit 0; sleep 0.2; i=$((i+1)); done; "
            + "echo 'libvirtd did not create /run/libvirt/libvirt-sock within 10 s' >&2; exit 1";

    /** Restarts libvirtd where no init system manages it (a new connection driver loads only at start). */
    static final String RESTART_LIBVIRTD = "if [ -s /run/libvirtd.pid ]; then kill \"$(cat /run/libvirtd.pid)\"; fi; "
            + "i=0; while [ -e /run/libvirt/libvirt-sock ] && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done; "
            + "rm -f /run/libvirt/libvirt-sock /run/libvirt/libvirt-sock-ro; " + START_LIBVIRTD;

    /**
     * Debian 12's xen-hypervisor-common (4.17), read from the package: /etc/default/grub.d/xen.cfg sets
     * GRUB_DEFAULT to "$GRUB_DISTRIBUTOR GNU/Linux, with Xen hypervisor" unless XEN_OVERRIDE_GRUB_DEFAULT=0,
     * GRUB's /etc/grub.d/20_linux_xen makes those entries, and the package's postinst runs update-grub.
     */
    static List<String> xenNotesDebian(String host) {
        return List.of(
            "the boot loader changes: /etc/default/grub.d/xen.cfg (xen-hypervisor-common) makes 'Debian GNU/Linux,"
                    + " with Xen hypervisor' GRUB's default entry (set XEN_OVERRIDE_GRUB_DEFAULT=0 there to keep the"
                    + " current one), /etc/grub.d/20_linux_xen adds those entries, and the package runs update-grub,"
                    + " which rewrites /boot/grub/grub.cfg",
            "a reboot into Xen is needed: the running kernel becomes Xen's dom0 only after it; virtdeck never"
                    + " reboots a host, run 'reboot' yourself, then 'virtdeck host-check " + host + "'",
            "dom0 then gets all memory by default; to keep it small set GRUB_CMDLINE_XEN_DEFAULT=\"dom0_mem=2048M,max:2048M\""
                    + " in /etc/default/grub.d/xen.cfg and run update-grub before rebooting");
    }

    private HostSetup() {
    }

    /** Packages for the kind on the host's family; refuses a combination no packages exist for. */
    static List<String> packages(Kind kind, HostSurvey s) {
        boolean apt = "apt-get".equals(s.packageManager());
        boolean fedora = "fedora".equals(s.osId());
        return switch (kind) {
            case KVM -> apt ? List.of("qemu-system-x86", "qemu-utils", "libvirt-daemon-system", "libvirt-clients", "dnsmasq-base")
                    : List.of("qemu-kvm", "qemu-img", "libvirt");
            case LXC -> apt ? List.of("libvirt-daemon-driver-lxc", "libvirt-daemon-system", "libvirt-clients")
                    : List.of("libvirt-daemon-driver-lxc", "libvirt-client", "libvirt-daemon");
            case XEN -> {
                if (apt) yield List.of("xen-system-amd64");
                if (fedora) yield List.of("xen");
                throw new InvalidRequestException(null, null, null, "RHEL-family distributions ship no Xen packages;"
                        + " host-setup --xen supports Debian, Ubuntu and Fedora");
            }
        };
    }

    /** The command listing which of {@code pkgs} are installed. */
    static RemoteCommand installedQuery(HostSurvey s, List<String> pkgs) {
        List<String> argv = new ArrayList<>();
        if ("apt-get".equals(s.packageManager())) {
            argv.addAll(List.of("dpkg-query", "-W", "-f=${db:Status-Abbrev} ${Package}\\n"));
        } else {
            argv.addAll(List.of("rpm", "-q", "--qf", "%{NAME}\\n"));
        }
        argv.addAll(pkgs);
        return RemoteCommand.of(argv);
    }

    /** Parses {@link #installedQuery}'s stdout (its exit code only says "not all"). */
    static Set<String> parseInstalled(HostSurvey s, List<String> pkgs, String stdout) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : stdout.split("\n")) {
            String l = line.strip();
            if ("apt-get".equals(s.packageManager())) {
                String[] w = l.split("\\s+");
                if (w.length == 2 && w[0].equals("ii") && pkgs.contains(w[1])) out.add(w[1]);
            } else if (pkgs.contains(l)) {
                out.add(l); // rpm prints "package X is not installed" for the others
            }
        }
        return out;
    }

    /**
     * Surveys the host, reads its package database and plans (two execs; nothing is changed).
     *
     * @throws InvalidRequestException the host cannot be set up this way (no apt/dnf, no root nor sudo,
     *                                 no Xen packages for its distribution)
     */
    public static Plan plan(String host, SshHost ssh, Kind kind) {
        HostSurvey s = HostSurvey.gather(ssh, host);
        checkSupported(host, s);
        List<String> pkgs = packages(kind, s);
        ExecResult q = ssh.exec(installedQuery(s, pkgs));
        return plan(host, kind, s, parseInstalled(s, pkgs, q.stdout()));
    }

    static void checkSupported(String host, HostSurvey s) {
        String pm = s.packageManager();
        if (!"apt-get".equals(pm) && !"dnf".equals(pm)) {
            throw new InvalidRequestException(host, null, null, "host-setup supports apt (Debian, Ubuntu) and dnf (RHEL family,"
                    + " Fedora) hosts; " + host + " has " + (pm == null ? "neither" : pm));
        }
        if (!s.root() && !s.sudo()) {
            throw new InvalidRequestException(host, null, null, "host-setup needs root or passwordless sudo on " + host
                    + " ('sudo -n true' failed for the SSH user)");
        }
    }

    /** The plan from what the host has; pure. */
    static Plan plan(String host, Kind kind, HostSurvey s, Set<String> installed) {
        boolean sudo = !s.root();
        boolean apt = "apt-get".equals(s.packageManager());
        boolean systemd = "systemd".equals(s.init());
        List<String> pkgs = packages(kind, s);
        List<String> missing = pkgs.stream().filter(p -> !installed.contains(p)).toList();
        List<String> present = new ArrayList<>();
        if (!installed.isEmpty()) present.add("installed: " + String.join(", ", pkgs.stream().filter(installed::contains).toList()));
        List<Step> steps = new ArrayList<>();
        if (!missing.isEmpty()) {
            if (apt) {
                steps.add(step("refresh the package lists", sudo, SHORT_TIMEOUT.multipliedBy(5), "apt-get", "update"));
                List<String> argv = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install",
                        "-y", "--no-install-recommends"));
                argv.addAll(missing);
                steps.add(new Step("install " + String.join(", ", missing), RemoteCommand.of(argv).withSudo(sudo), INSTALL_TIMEOUT));
            } else {
                List<String> argv = new ArrayList<>(List.of("dnf", "install", "-y"));
                argv.addAll(missing);
                steps.add(new Step("install " + String.join(", ", missing), RemoteCommand.of(argv).withSudo(sudo), INSTALL_TIMEOUT));
            }
        }
        List<String> notes = new ArrayList<>();
        boolean daemon = !s.libvirtSockets().isEmpty();
        switch (kind) {
            case KVM, LXC -> {
                boolean lxcMissing = kind == Kind.LXC && !s.libvirtDrivers().contains("lxc");
                if (daemon && !lxcMissing) {
                    present.add("libvirt's daemon runs (" + s.libvirtSockets().get(0) + ")");
                } else if (daemon) { // a new connection driver is loaded only when the daemon starts
                    steps.add(systemd ? step("restart libvirtd so it loads the LXC driver", sudo, SHORT_TIMEOUT,
                            "systemctl", "restart", "libvirtd")
                            : step("restart libvirtd so it loads the LXC driver (no init system manages it)", sudo,
                            SHORT_TIMEOUT, "sh", "-c", RESTART_LIBVIRTD));
                } else {
                    steps.add(systemd ? step("enable and start libvirtd", sudo, SHORT_TIMEOUT, "systemctl", "enable", "--now", "libvirtd")
                            : step("start virtlogd and libvirtd unless running (no init system manages them here)", sudo,
                            SHORT_TIMEOUT, "sh", "-c", START_LIBVIRTD));
                }
            }
            case XEN -> {
                if (s.xenDom0()) present.add("Xen runs and this host is its dom0");
                else if (apt) notes.addAll(xenNotesDebian(host));
                else notes.add("a reboot into Xen is needed (the xen package adds a GRUB entry); virtdeck never reboots"
                        + " a host: run 'reboot' yourself, then 'virtdeck host-check " + host + "'");
            }
        }
        String distro = s.osName() != null ? s.osName() : s.osId() + " " + s.osVersion();
        return new Plan(host, kind, distro, present, steps, notes);
    }

    private static Step step(String why, boolean sudo, Duration timeout, String... argv) {
        return new Step(why, RemoteCommand.of(argv).withSudo(sudo), timeout);
    }

    /**
     * Runs the plan's steps in order; the first failure stops it (nothing after it runs).
     *
     * @param before hears each step before it runs (the CLI prints it: every remote command is shown)
     * @throws CommandFailedException naming the host, the command, its exit code and output
     */
    public static void apply(SshHost ssh, Plan plan, Consumer<Step> before) {
        for (Step st : plan.steps()) {
            before.accept(st);
            ExecResult r = ssh.exec(st.command(), st.timeout());
            if (!r.ok()) {
                throw new CommandFailedException(plan.host(), null, r.command(), r.exitCode(), tail(r.stdout()), tail(r.stderr()));
            }
        }
    }

    private static String tail(String s) {
        String[] lines = s.strip().split("\n");
        int from = Math.max(0, lines.length - 15);
        return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
