package dev.virtdeck.cli;

import dev.virtdeck.demo.DemoLab;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code demo}: starts simulated hosts (KVM/virsh, Xen/xl, VirtualBox) in-process behind real SSH servers on
 * 127.0.0.1 and opens the TUI on them. Needs nothing installed: no hypervisor, no sshd, no ssh-keygen.
 */
@Command(name = "demo", sortOptions = false, usageHelpAutoWidth = true,
        description = "Open the TUI on a simulated lab: a KVM host (virsh), a Xen host (xl), a VirtualBox host "
                + "and an XCP-ng pool of two members (XAPI) with twenty VMs, reached over real SSH on 127.0.0.1. "
                + "Nothing runs on this machine; the temporary key, known_hosts and inventory are deleted on exit. "
                + "See docs/cli.md.")
final class DemoCommand implements Callable<Integer> {

    @ParentCommand
    Virtdeck root;

    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--list", description = "List the demo VMs (like `list`, honours -o) instead of opening the TUI.")
        boolean list;

        @Option(names = "--print-inventory", description = "Print the demo inventory's path and keep the lab running "
                + "until stdin closes or Ctrl-C, for scripts: virtdeck -i PATH list ...")
        boolean printInventory;
    }

    @Override
    public Integer call() throws IOException {
        root.checkGlobals();
        if (!mode.list && !mode.printInventory && !root.env.terminal()) {
            throw new UsageException("demo opens the TUI and needs a terminal; for scripts use "
                    + "'virtdeck demo --list' or 'virtdeck demo --print-inventory'");
        }
        try (DemoLab lab = DemoLab.start()) { // deletes its files on close, Ctrl-C and SIGTERM
            if (mode.printInventory) return serve(lab);
            if (mode.list) return Main.run(listArgs(lab), root.env);
            // the TUI path of `virtdeck` itself, on the demo inventory and its host keys
            root.inventory = lab.inventory();
            root.knownHosts = lab.knownHosts();
            return root.call();
        }
    }

    private int serve(DemoLab lab) throws IOException {
        root.env.out().println(lab.inventory());
        root.env.out().flush();
        InputStream in = root.env.in();
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // keep serving: the lab lives until stdin closes
        }
        return ExitCodes.OK;
    }

    /** {@code list} with the global options that make sense for it. */
    private String[] listArgs(DemoLab lab) {
        List<String> args = new ArrayList<>(List.of("-i", lab.inventory().toString(),
                "--known-hosts", lab.knownHosts().toString(), "-o", root.output.name(),
                "--parallel", Integer.toString(root.parallel)));
        if (root.connectTimeout != null) args.addAll(List.of("--connect-timeout", root.connectTimeout.toString()));
        if (root.verbose) args.add("-v");
        args.add("list");
        return args.toArray(String[]::new);
    }
}
