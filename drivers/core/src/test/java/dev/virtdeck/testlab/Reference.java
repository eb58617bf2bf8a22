package dev.virtdeck.testlab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one reader of the recorded real-tool outputs ({@code sim/src/test/resources/reference/},
 * served to every driver module through the core test-jar): {@code virsh/} files with
 * {@code # ===== stdout =====} blocks, {@code xl/} and {@code vboxmanage/} files with an
 * {@code output ... end} block, and {@code xen/} lab captures ({@code $ cmd}, output,
 * {@code [rc=N]}). Paths are relative to {@code reference/}. Never the simulator's output.
 */
public final class Reference {
    private static final String ROOT = "/reference/";

    private Reference() {
    }

    /** One command of a lab capture file. */
    public record Capture(String command, String output, int exitCode) {
    }

    /** @return the {@code ===== stdout =====} block of {@code virsh/NAME.txt} */
    public static String stdout(String virshName) {
        return block("virsh/" + virshName + ".txt", "stdout");
    }

    /** @return the {@code ===== stderr =====} block of {@code virsh/NAME.txt} */
    public static String stderr(String virshName) {
        return block("virsh/" + virshName + ".txt", "stderr");
    }

    /** @return the {@code ===== pty output =====} block (console transcripts) of {@code virsh/NAME.txt} */
    public static String pty(String virshName) {
        return block("virsh/" + virshName + ".txt", "pty output");
    }

    /** @return the exit code recorded in the header of {@code virsh/NAME.txt} */
    public static int exitCode(String virshName) {
        for (String line : raw("virsh/" + virshName + ".txt").split("\n")) {
            if (line.startsWith("# exit code:")) return Integer.parseInt(line.substring(12).strip().split("\\s")[0]);
        }
        throw new IllegalArgumentException(virshName + " has no exit code");
    }

    /** @return the text after the {@code # ===== STREAM} line up to the next {@code # ===== } line */
    public static String block(String path, String stream) {
        String text = raw(path);
        String marker = "# ===== " + stream;
        int start = text.indexOf(marker);
        if (start < 0) throw new IllegalArgumentException(path + " has no " + stream + " block");
        start = text.indexOf('\n', start) + 1;
        int end = text.indexOf("# ===== ", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /** @return the text between {@code # ===== output =====} and {@code # ===== end =====}, annotations kept */
    public static String output(String path) {
        String text = raw(path);
        int start = text.indexOf("# ===== output =====");
        if (start < 0) throw new IllegalArgumentException(path + " has no output block");
        start = text.indexOf('\n', start) + 1;
        int end = text.indexOf("# ===== end =====", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /**
     * Splits an output block at its annotation lines ({@code # (a) ...}, {@code # --- stdout ---}),
     * which the corpus uses to hold several captures in one file.
     *
     * @return annotation text -> the captured lines under it (leading blank lines dropped)
     */
    public static Map<String, String> sections(String path) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = "";
        StringBuilder sb = new StringBuilder();
        for (String line : output(path).split("\n", -1)) {
            if (line.startsWith("# ")) {
                if (sb.length() > 0 || !current.isEmpty()) out.put(current, sb.toString());
                current = line.substring(2).strip();
                sb.setLength(0);
            } else if (!line.isEmpty() || sb.length() > 0) {
                sb.append(line).append('\n');
            }
        }
        out.put(current, sb.toString());
        return out;
    }

    /** @return the first section whose annotation starts with {@code prefix} */
    public static String section(String path, String prefix) {
        for (Map.Entry<String, String> e : sections(path).entrySet()) {
            if (e.getKey().startsWith(prefix)) return e.getValue();
        }
        throw new IllegalArgumentException(path + " has no section " + prefix);
    }

    /** @return the commands of a lab capture ({@code xen/...}), in order */
    public static List<Capture> captures(String path) {
        List<Capture> out = new ArrayList<>();
        String cmd = null;
        StringBuilder sb = new StringBuilder();
        for (String line : raw(path).split("\n", -1)) {
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
    public static Capture capture(String path, String prefix) {
        return captures(path).stream().filter(c -> c.command().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(path + " has no capture of " + prefix));
    }

    /** @return the paths ({@code dir/name}) of the files in {@code dir} whose name starts with {@code prefix}, sorted */
    public static List<String> files(String dir, String prefix) {
        URL url = Reference.class.getResource(ROOT + dir);
        if (url == null) throw new IllegalArgumentException("missing test resource directory " + ROOT + dir);
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) { // served from the core test-jar
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return list(fs.getPath(ROOT + dir), dir, prefix);
                }
            }
            return list(Path.of(uri), dir, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(Path d, String dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted()
                    .map(n -> dir + "/" + n).toList();
        }
    }

    /** @return the whole file {@code reference/PATH} */
    public static String raw(String path) {
        String resource = ROOT + path;
        try (InputStream in = Reference.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
