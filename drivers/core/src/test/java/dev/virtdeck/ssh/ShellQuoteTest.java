package dev.virtdeck.ssh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Quoting checked by a real /bin/sh: the words that come back must be exactly the ones sent. */
class ShellQuoteTest {

    static final List<String> NASTY = List.of(
            "plain", "with space", "two  spaces", "it's", "\"double\"", "$(touch CANARY)", "`touch CANARY`",
            "a;touch CANARY", "a && touch CANARY", "back\\slash", "trailing\\", "line\nbreak", "",
            "ünïcödé ☃", "-leading-dash", "--rm", "*", "?", "[a]", "~", "$HOME", "${HOME}", "'", "''",
            "a'b'c", "tab\there", "#comment", "!bang", "|pipe", "<in", ">out", "a=b", "%", "\\'\"");

    @Test
    void nastyWordsRoundTripThroughARealShell(@TempDir Path dir) throws Exception {
        List<String> back = viaShell(dir, NASTY);
        assertEquals(NASTY, back);
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.map(Path::getFileName).map(Path::toString).toList(),
                    "the shell must not have run anything");
        }
    }

    @Test
    void eachWordAloneRoundTrips(@TempDir Path dir) throws Exception {
        for (String w : NASTY) {
            assertEquals(List.of(w), viaShell(dir, List.of(w)), "word: " + w);
        }
        assertFalse(Files.exists(dir.resolve("CANARY")));
    }

    @Test
    void plainWordsStayReadable() {
        assertEquals("virsh list --all", ShellQuote.join(List.of("virsh", "list", "--all")));
        assertEquals("''", ShellQuote.quote(""));
        assertEquals("'it'\\''s'", ShellQuote.quote("it's"));
    }

    @Test
    void remoteCommandPrefixesLocaleAndSudo(@TempDir Path dir) throws Exception {
        RemoteCommand c = RemoteCommand.of("printf", "%s\\0", "vm; rm -rf /");
        assertTrue(c.shellLine().startsWith("LC_ALL=C "));
        assertTrue(c.withSudo(true).shellLine().startsWith("sudo -n LC_ALL=C "));
        Process p = new ProcessBuilder("/bin/sh", "-c", c.shellLine()).directory(dir.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        assertEquals("vm; rm -rf /\0", out);
    }

    /** Runs {@code printf '%s\0' WORDS} in /bin/sh and splits its output on NUL. */
    static List<String> viaShell(Path cwd, List<String> words) throws IOException, InterruptedException {
        String line = "printf '%s\\0' " + ShellQuote.join(words);
        Process p = new ProcessBuilder("/bin/sh", "-c", line).directory(cwd.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), new String(out, StandardCharsets.UTF_8));
        List<String> back = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                back.add(new String(out, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        assertEquals(out.length, start, "output must end with NUL");
        return back;
    }
}
