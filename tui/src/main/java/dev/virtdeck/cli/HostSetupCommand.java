package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.virtdeck.error.VirtdeckException;
import dev.virtdeck.fleet.Failures;
import dev.virtdeck.host.HostCheck;
import dev.virtdeck.host.HostSetup;
import dev.virtdeck.host.Readiness;
import dev.virtdeck.inventory.ResolvedHost;
import dev.virtdeck.ssh.SshHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.List;

/**
 * {@code host-setup HOST --kvm|--xen|--lxc [--dry-run]}: installs and starts a hypervisor with the host's own
 * packages. The plan is printed first; {@code --dry-run} stops there; a host that has everything gets "nothing
 * to do". Every remote command is printed before it runs and logged. Never prompts (scripts) and never reboots.
 */
@Command(name = "host-setup", description = {
        "Install and start a hypervisor on a host over SSH (apt or dnf; sudo -n when not root).",
        "Prints the plan first; a second run changes nothing. Never reboots: a Xen setup says what to do."})
final class HostSetupCommand extends BaseCommand {
    private static final Logger LOG = LoggerFactory.getLogger(HostSetupCommand.class);

    @Parameters(index = "0", paramLabel = "HOST", description = "Inventory name of the host.")
    String host;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
        @Option(names = "--kvm", required = true, description = "QEMU/KVM with libvirt.") boolean kvm;
        @Option(names = "--xen", required = true, description = "The Xen hypervisor and xl (a reboot into Xen follows).") boolean xen;
        @Option(names = "--lxc", required = true, description = "libvirt's LXC driver for containers.") boolean lxc;

        HostSetup.Kind kind() {
            return kvm ? HostSetup.Kind.KVM : xen ? HostSetup.Kind.XEN : HostSetup.Kind.LXC;
        }
    }

    @Option(names = "--dry-run", description = "Print the plan and change nothing.")
    boolean dryRun;

    @Override
    protected int execute(Cli cli) {
        ResolvedHost h = cli.resolve(List.of(cli.host(host))).get(0);
        HostSetup.Kind kind = which.kind();
        return cli.fleet().onSsh(List.of(h), (rh, ssh) -> {
            try {
                return setup(cli, rh, ssh, kind);
            } catch (VirtdeckException e) {
                cli.error(Failures.describe(e, rh.name(), null));
                return ExitCodes.FAILED;
            }
        }, (rh, why) -> {
            cli.error(rh.name(), why);
            return ExitCodes.FAILED;
        }).get(0);
    }

    private int setup(Cli cli, ResolvedHost rh, SshHost ssh, HostSetup.Kind kind) {
        PrintStream out = cli.env().out();
        boolean json = root.output != OutputFormat.table;
        HostSetup.Plan plan = HostSetup.plan(rh.name(), ssh, kind);
        if (!json) printPlan(out, plan);
        if (dryRun || plan.nothingToDo()) {
            if (json) json(out, plan, false, null);
            else if (plan.nothingToDo()) out.println("nothing to do: " + rh.name() + " already has " + kind.title() + " set up");
            return ExitCodes.OK;
        }
        int[] n = {0};
        HostSetup.apply(ssh, plan, st -> {
            n[0]++;
            LOG.info("{}: host-setup {}: {}", rh.name(), kind.flag(), st.command().shellLine());
            if (!json) {
                out.println("[" + n[0] + "/" + plan.steps().size() + "] " + st.why());
                out.println("  $ " + st.command().shellLine());
                out.flush();
            }
        });
        HostCheck after = HostCheck.run(rh, ssh, false);
        Readiness.Check verdict = after.checks().stream().filter(c -> c.kind().equals(kind.name().toLowerCase(java.util.Locale.ROOT)))
                .findFirst().orElseThrow();
        if (json) json(out, plan, true, verdict);
        else out.println(rh.name() + ": " + kind.title() + " is " + verdict.verdict().label()
                + (verdict.next() == null ? "" : " (next: " + verdict.next() + ")"));
        boolean done = verdict.verdict() == Readiness.Verdict.READY
                || (kind == HostSetup.Kind.XEN && verdict.verdict() == Readiness.Verdict.INSTALLABLE); // reboot pending
        if (!done) cli.error(rh.name(), kind.title() + " is " + verdict.verdict().label() + " after setup: " + verdict.next());
        return done ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private static void printPlan(PrintStream out, HostSetup.Plan plan) {
        out.println("plan for " + plan.host() + " (" + plan.distro() + "), " + plan.kind().title() + ":");
        for (String p : plan.present()) out.println("  already: " + p);
        int i = 0;
        for (HostSetup.Step s : plan.steps()) {
            out.println("  " + (++i) + ". " + s.why());
            out.println("     $ " + s.command().shellLine());
        }
        for (String note : plan.notes()) out.println("  note: " + note);
        out.flush();
    }

    private void json(PrintStream out, HostSetup.Plan plan, boolean applied, Readiness.Check verdict) {
        ObjectNode o = JsonOutput.MAPPER.createObjectNode();
        o.put("host", plan.host());
        o.put("kind", plan.kind().name().toLowerCase(java.util.Locale.ROOT));
        o.put("distro", plan.distro());
        ArrayNode present = o.putArray("present");
        plan.present().forEach(present::add);
        ArrayNode steps = o.putArray("steps");
        for (HostSetup.Step s : plan.steps()) steps.addObject().put("why", s.why()).put("command", s.command().shellLine());
        ArrayNode notes = o.putArray("notes");
        plan.notes().forEach(notes::add);
        o.put("applied", applied);
        o.put("verdict", verdict == null ? null : verdict.verdict().label());
        try {
            out.println(root.output == OutputFormat.jsonl
                    ? JsonOutput.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(o)
                    : JsonOutput.MAPPER.writeValueAsString(o));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
