package dev.virtdeck.xen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the recorded Xen outputs under {@code src/test/resources/reference/}: {@code xl/} (the
 * reference corpus, headers kept) and {@code xen/} (real Xen 4.17 lab captures: {@code $ cmd},
 * output, {@code [rc=N]}). Never the simulator's output.
 */
final class XenReference {
    private XenReference() {
    }

    /** One command of a lab capture file. */
    record Capture(String command, String output, int exitCode) {
    }

    /** @return the corpus file's output block, annotation lines ({@code # ...}) kept */
    static String output(String file) {
        String text = raw("/reference/xl/" + file);
        int start = text.indexOf("# ===== output =====");
        if (start < 0) throw new IllegalArgumentException(file + " has no output block");
        start = text.indexOf('\n', start) + 1;
        int end = text.indexOf("# ===== end =====", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** @return the part of the output block between annotation {@code # prefix...} and the next annotation */
    static String section(String file, String prefix) {
        StringBuilder sb = new StringBuilder();
        boolean in = false;
        for (String line : output(file).split("\n", -1)) {
            if (line.startsWith("# ")) {
                if (in) break;
                in = line.substring(2).startsWith(prefix);
                continue;
            }
            if (in) sb.append(line).append('\n');
        }
        if (!in && sb.length() == 0) throw new IllegalArgumentException(file + " has no section " + prefix);
        return sb.toString();
    }

    /** @return the commands of a lab capture, in order */
    static List<Capture> captures(String file) {
        List<Capture> out = new ArrayList<>();
        String cmd = null;
        StringBuilder sb = new StringBuilder();
        for (String line : raw("/reference/xen/" + file).split("\n", -1)) {
            if (cmd == null) {
                if (line.startsWith("$ ")) cmd = line.substring(2);
                continue;
            }
            int rc = line.lastIndexOf("[rc=");
            if (rc >= 0 && line.endsWith("]")) {
                sb.append(line, 0, rc);
                out.add(new Capture(cmd, sb.toString(), Integer.parseInt(line.substring(rc + 4, line.length() - 1))));
                cmd = null;
                sb.setLength(0);
            } else {
                sb.append(line).append('\n');
            }
        }
        return out;
    }

    /** @return the first capture whose command starts with {@code prefix} */
    static Capture capture(String file, String prefix) {
        return captures(file).stream().filter(c -> c.command().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + " has no capture of " + prefix));
    }

    static String raw(String path) {
        try (InputStream in = XenReference.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
