package dev.virtdeck.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the recorded virsh outputs in {@code src/test/resources/reference/virsh/} (copied verbatim
 * from the reference corpus, headers kept) and returns one stream block without the header.
 */
public final class Reference {
    private Reference() {
    }

    /** @return the {@code ===== stdout =====} block of {@code name}.txt */
    public static String stdout(String name) {
        return block(name, "stdout");
    }

    /** @return the {@code ===== stderr =====} block */
    public static String stderr(String name) {
        return block(name, "stderr");
    }

    /** @return the {@code ===== pty output =====} block (console transcripts) */
    public static String pty(String name) {
        return block(name, "pty output");
    }

    /** @return the exit code recorded in the header */
    public static int exitCode(String name) {
        for (String line : raw(name).split("\n")) {
            if (line.startsWith("# exit code:")) return Integer.parseInt(line.substring(12).strip().split("\\s")[0]);
        }
        throw new IllegalArgumentException(name + " has no exit code");
    }

    static String block(String name, String stream) {
        String text = raw(name);
        String marker = "# ===== " + stream;
        int start = text.indexOf(marker);
        if (start < 0) throw new IllegalArgumentException(name + " has no " + stream + " block");
        start = text.indexOf('\n', start) + 1;
        int end = text.indexOf("# ===== ", start);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    static String raw(String name) {
        String path = "/reference/virsh/" + name + ".txt";
        try (InputStream in = Reference.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("missing test resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
