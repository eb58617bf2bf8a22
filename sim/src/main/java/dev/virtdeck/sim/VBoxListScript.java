package dev.virtdeck.sim;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VirtualBox driver's list script ({@code sh -c '<script>'}, drivers' VBoxListScript), answered like
 * {@link HostFactsScript}: only when the text EQUALS the copy in the resource {@code vbox-list-script.sh}.
 * The answer is what the script prints on a real host: each step runs through the host's knobs
 * ({@code failCommand}, a removed VBoxManage) and {@link VBoxManageSim}, and its stdout and stderr come back
 * between the script's markers, as dash would print them ({@code $(...)} drops the trailing newlines of
 * {@code list vms} and {@code showvminfo}). The steps' argv are not added to the host's argv log: the log
 * holds what the login shell parsed, one entry per line received.
 */
final class VBoxListScript {

    private static final String SCRIPT = ScriptResource.text("vbox-list-script.sh");
    /** The script's metrics step, word for word as the script's line gives it to VBoxManage. */
    static final List<String> METRICS_QUERY = List.of("VBoxManage", "metrics", "query", "*",
            "CPU/Load/User,CPU/Load/Kernel,RAM/Usage/Used,Guest/RAM/Usage/Total,Guest/RAM/Usage/Free,Net/Rate/Rx,"
                    + "Net/Rate/Tx");
    private static final Pattern VM_LINE = Pattern.compile("^\".*\" \\{([0-9a-fA-F-]+)}$");
    /** The script's states in which no VM process runs, so no metrics query is needed. */
    private static final List<String> OFF = List.of("poweroff", "saved", "aborted", "aborted-saved", "teleported");

    private VBoxListScript() {}

    static String script() {
        return SCRIPT;
    }

    /** @return true for {@code sh -c SCRIPT}, exactly */
    static boolean recognises(List<String> args) {
        return args.size() == 2 && args.get(0).equals("-c") && args.get(1).equals(SCRIPT);
    }

    private record Step(int code, String out, String err) {}

    static int run(SimHost host, Io io) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        Step list = step(host, List.of("VBoxManage", "list", "vms"));
        String vms = chomp(list.out());
        bracket(out, err, "list", vms, list);
        if (list.code() != 0) {
            return done(io, out, err, list.code());
        }
        boolean active = false;
        for (String line : vms.split("\n")) {
            Matcher m = VM_LINE.matcher(line);
            if (!m.matches() || line.startsWith("\"<inaccessible>\" {")) {
                continue;
            }
            String uuid = m.group(1);
            Step show = step(host, List.of("VBoxManage", "showvminfo", uuid, "--machinereadable"));
            String info = chomp(show.out());
            bracket(out, err, "show " + uuid, info, show);
            if (show.code() == 0 && OFF.stream().noneMatch(s -> ("\n" + info).contains("\nVMState=\"" + s + "\""))) {
                active = true;
            }
        }
        if (active) {
            Step metrics = step(host, METRICS_QUERY);
            bracket(out, err, "metrics", metrics.out(), metrics);
        }
        return done(io, out, err, 0);
    }

    private static int done(Io io, StringBuilder out, StringBuilder err, int code) {
        io.out(out.toString());
        io.err(err.toString());
        return code;
    }

    /** One step between its begin and end markers, on stdout and on stderr. */
    private static void bracket(StringBuilder out, StringBuilder err, String begin, String stdout, Step s) {
        out.append("@@virtdeck:begin ").append(begin).append('\n').append(stdout)
                .append("\n@@virtdeck:end ").append(s.code()).append('\n');
        err.append("@@virtdeck:begin ").append(begin).append('\n').append(s.err())
                .append("\n@@virtdeck:end ").append(s.code()).append('\n');
    }

    /** Runs one VBoxManage command of the script as the host's shell would start it. */
    private static Step step(SimHost host, List<String> argv) {
        Optional<SimHost.Failure> failure = host.failureFor(argv);
        if (failure.isPresent()) {
            return new Step(failure.get().exitCode(), failure.get().stdout(), failure.get().stderr());
        }
        if (host.toolPath("VBoxManage").isEmpty()) {
            // dash names the script's line of the command; only list vms can get there
            return new Step(127, "", "sh: " + lineOf("vms=$(VBoxManage list vms)") + ": VBoxManage: not found\n");
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = VBoxManageSim.run(host, argv.subList(1, argv.size()), new Io(InputStream.nullInputStream(), o, e, false));
        return new Step(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    /** {@code $(...)}: the output without its trailing newlines. */
    private static String chomp(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
        }
        return s.substring(0, end);
    }

    private static int lineOf(String text) {
        String[] lines = SCRIPT.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException("the script has no line " + text);
    }

}
