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
