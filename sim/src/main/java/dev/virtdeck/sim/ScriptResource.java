package dev.virtdeck.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the verbatim copy of a driver's script that a simulated {@code sh -c} recognises (this package's resources). */
final class ScriptResource {

    private ScriptResource() {}

    /** @return the resource's text exactly as stored */
    static String text(String name) {
        try (InputStream in = ScriptResource.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
