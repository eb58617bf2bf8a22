package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the recorded reference files copied verbatim into src/test/resources/reference/. */
final class Reference {

    private Reference() {}

    /**
     * Lines between "# ===== output =====" and "# ===== end =====", without "# ..." comment lines and
     * "[... cut ...]" markers.
     */
    static List<String> output(String file) {
        try (InputStream in = Reference.class.getResourceAsStream("/reference/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing reference file " + file);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>();
            boolean inside = false;
            for (String line : text.split("\n", -1)) {
                if (line.startsWith("# ===== output")) {
                    inside = true;
                } else if (line.startsWith("# ===== end")) {
                    break;
                } else if (inside && !line.startsWith("# ") && !line.startsWith("[...")) {
                    out.add(line);
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The text of a "# ===== NAME =====" block of a virsh reference file (NAME = stdout, stderr, pty output):
     * its lines, each followed by "\n", up to the next "# =====" marker.
     */
    static String block(String file, String name) {
        StringBuilder sb = new StringBuilder();
        boolean inside = false;
        for (String line : text(file).split("\n", -1)) {
            if (line.startsWith("# =====")) {
                if (inside) {
                    break;
                }
                inside = line.startsWith("# ===== " + name);
            } else if (inside) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * The output recorded after "$ COMMAND" in a Xen lab capture (../shared/lab/xen/outputs: "$ cmd", the merged
     * stdout+stderr, "[rc=N]"), as lines each followed by "\n"; the {@code n}-th occurrence (0-based).
     */
    static String xenOutput(String file, String command, int n) {
        String[] lines = text(file).split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("$ " + command) && seen++ == n) {
                StringBuilder sb = new StringBuilder();
                for (int j = i + 1; j < lines.length && !lines[j].startsWith("[rc="); j++) {
                    sb.append(lines[j]).append('\n');
                }
                return sb.toString();
            }
        }
        throw new IllegalArgumentException("no '$ " + command + "' #" + n + " in " + file);
    }

    /** The exit code recorded after the {@code n}-th "$ COMMAND" of a Xen lab capture. */
    static int xenRc(String file, String command, int n) {
        String[] lines = text(file).split("\n", -1);
        int seen = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals("$ " + command) && seen++ == n) {
                for (int j = i + 1; j < lines.length; j++) {
                    if (lines[j].startsWith("[rc=")) {
                        return Integer.parseInt(lines[j].substring(4, lines[j].length() - 1));
                    }
                }
            }
        }
        throw new IllegalArgumentException("no '$ " + command + "' #" + n + " in " + file);
    }

    static String text(String file) {
        try (InputStream in = Reference.class.getResourceAsStream("/reference/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing reference file " + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Pattern KEY = Pattern.compile("^(\"[^\"]*\"|[^=\"]+)=");

    /** Keys of machine-readable lines, in order (quoted keys keep their quotes). */
    static Set<String> keys(List<String> lines) {
        Set<String> keys = new LinkedHashSet<>();
        for (String l : lines) {
            Matcher m = KEY.matcher(l);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }
}
