package dev.virtdeck.vbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the recorded VBoxManage outputs in {@code src/test/resources/reference/vboxmanage/}
 * (copied verbatim from the reference corpus, headers kept). Never the simulator's output.
 */
final class VBoxReference {
    static final String DIR = "/reference/vboxmanage/";

    private VBoxReference() {
    }

    /** @return the text between {@code # ===== output =====} and {@code # ===== end =====} */
    static String output(String file) {
        String text = raw(file);
        int start = text.indexOf("# ===== output =====");
        if (start < 0) throw new IllegalArgumentException(file + " has no output block");
        start = text.indexOf('\n', start) + 1;
        int end = text.indexOf("# ===== end =====", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    /**
     * Splits an output block at its annotation lines ({@code # (a) ...}, {@code # --- stdout ---}),
     * which the corpus uses to hold several captures in one file.
     *
     * @return annotation line -> the captured lines under it (annotation lines removed)
     */
    static Map<String, String> sections(String file) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = "";
        StringBuilder sb = new StringBuilder();
        for (String line : output(file).split("\n", -1)) {
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

    /** @return the section whose annotation starts with {@code prefix} */
    static String section(String file, String prefix) {
        for (Map.Entry<String, String> e : sections(file).entrySet()) {
            if (e.getKey().startsWith(prefix)) return e.getValue();
        }
        throw new IllegalArgumentException(file + " has no section " + prefix);
    }

    /** @return the file names (without directory) starting with {@code prefix}, sorted */
    static List<String> files(String prefix) {
        try {
            Path dir = Path.of(VBoxReference.class.getResource(DIR).toURI());
            try (Stream<Path> s = Files.list(dir)) {
                List<String> out = new ArrayList<>();
                s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().forEach(out::add);
                return out;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String raw(String file) {
        String path = DIR + file;
        try (InputStream in = VBoxReference.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
