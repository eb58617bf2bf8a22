package dev.virtdeck.sim;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * virtdeck's xl/xm refresh script ({@code sh -c '<script>' sh TOOL CONFDIR SAVEDIR}, see drivers' XlListScript):
 * one exec that runs {@code xl list}, {@code xl list -l}, the config files' find and cats, the save images' find
 * and {@code xentop -b -i 1 -f}, each bracketed by markers. Like {@link HostFactsScript}, a narrow exception to
 * the simulator's no-shell-syntax rule: the text must be EQUAL to the resource {@code xl-list-script.sh}, a copy
 * of the driver's. The answer is what dash prints running that script on a real dom0: every step goes through
 * the simulated programs ({@link Dispatcher#exec}), so the host's state and its scripted failures apply, and
 * the shell logic (the {@code $(...)} captures, the guest test, the loop over the configs) is mirrored here.
 */
final class XlListScript {

    private static final String SCRIPT = ScriptResource.text("xl-list-script.sh");

    private XlListScript() {}

    /** The script text the simulator recognises. */
    static String script() {
        return SCRIPT;
    }

    /** @return whether {@code sh ARGS} is this script (its arguments are checked by {@link #run}) */
    static boolean matches(List<String> args) {
        return args.size() >= 2 && args.get(0).equals("-c") && args.get(1).equals(SCRIPT);
    }

    /** The result of one step run by the script's shell. */
    private record Step(int exitCode, String stdout) {}

    static int run(SimHost host, List<String> args, Io io) {
        if (args.size() != 6 || !args.get(2).equals("sh")) {
            io.err("sim: virtdeck's xl list script is simulated only as sh -c SCRIPT sh TOOL CONFDIR SAVEDIR\n");
            return 2;
        }
        String tool = args.get(3);
        String conf = args.get(4);
        String save = args.get(5);
        StringBuilder out = new StringBuilder("@@virtdeck:begin list\n");
        Step list = step(host, io, true, "\"$tool\" list", tool, "list");
        String domains = captured(list.stdout());
        out.append(domains).append('\n');
        end(out, list.exitCode());
        if (list.exitCode() != 0) {
            io.out(out.toString());
            return list.exitCode();
        }
        // the script's `case $domains in *"$nl"*"$nl"*)`: a third line is a guest
        boolean guests = domains.indexOf('\n') >= 0 && domains.indexOf('\n', domains.indexOf('\n') + 1) >= 0;
        boolean xl = tool.equals("xl");
        if (xl && guests) {
            out.append("@@virtdeck:begin long\n");
            Step l = step(host, io, true, "xl list -l", "xl", "list", "-l");
            out.append(l.stdout());
            end(out, l.exitCode());
        }
        out.append("@@virtdeck:begin configs\n");
        Step find = step(host, io, true, "find \"$conf\"", "find", conf, "-maxdepth", "1", "-name", "*.cfg", "-type", "f");
        String configs = captured(find.stdout());
        out.append(configs).append('\n');
        end(out, find.exitCode());
        if (find.exitCode() == 0 && !configs.isEmpty()) {
            for (String f : configs.split("\n", -1)) {
                out.append("@@virtdeck:begin config ").append(f).append('\n');
                Step cat = step(host, io, true, "cat -- ", "cat", "--", f);
                out.append(cat.stdout());
                end(out, cat.exitCode());
            }
        }
        if (!save.isEmpty()) {
            out.append("@@virtdeck:begin saves\n");
            Step saves = step(host, io, false, "find \"$save\"", "find", save, "-maxdepth", "1", "-name", "*.save", "-type", "f");
            out.append(saves.stdout());
            end(out, saves.exitCode());
        }
        if (xl && guests) {
            out.append("@@virtdeck:begin xentop\n");
            Step top = step(host, io, true, "xentop -b", "xentop", "-b", "-i", "1", "-f");
            out.append(top.stdout());
            end(out, top.exitCode());
        }
        io.out(out.toString());
        return 0;
    }

    /**
     * Runs one step as the script's dash would: a program the host lacks is dash's "not found" (exit 127).
     *
     * @param keepStderr false for a step whose stderr the script sends to /dev/null
     * @param at         text of the script line that runs the step (dash names its number)
     */
    private static Step step(SimHost host, Io io, boolean keepStderr, String at, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io inner = new Io(new ByteArrayInputStream(new byte[0]), out, err, false);
        int rc;
        if (!argv[0].contains("/") && host.toolPath(argv[0]).isEmpty()) {
            inner.err("sh: " + lineOf(at) + ": " + argv[0] + ": not found\n");
            rc = 127;
        } else {
            rc = Dispatcher.exec(host, List.of(argv), inner);
        }
        if (keepStderr) {
            io.err(err.toString(StandardCharsets.UTF_8));
        }
        return new Step(rc, out.toString(StandardCharsets.UTF_8));
    }

    /** What {@code $(...)} keeps: the output without its trailing newlines. */
    private static String captured(String stdout) {
        int n = stdout.length();
        while (n > 0 && stdout.charAt(n - 1) == '\n') {
            n--;
        }
        return stdout.substring(0, n);
    }

    private static void end(StringBuilder out, int exitCode) {
        out.append("\n@@virtdeck:end ").append(exitCode).append('\n');
    }

    /** The number of the first script line (comments aside) that holds {@code text}. */
    private static int lineOf(String text) {
        String[] lines = SCRIPT.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("#") && lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("the script has no line with " + text);
    }

}
