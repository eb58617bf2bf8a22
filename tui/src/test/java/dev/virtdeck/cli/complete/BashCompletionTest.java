package dev.virtdeck.cli.complete;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.cli.complete.CompletionCommand.Shell;
import dev.virtdeck.inventory.Selector;
import dev.virtdeck.testlab.HostileNames;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The bash script for real: {@code bash --norc} sources it, and its function is driven as
 * readline would (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT); it calls the repository's
 * launcher, which runs the CLI from the test class path. Each reply is then read back by bash
 * (the line the user would run) to prove it names the VM, hostile names included.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BashCompletionTest {
    @TempDir
    Path dir;
    Path script;
    Path inv;
    Path launcher;

    @BeforeEach
    void setUp() throws Exception {
        script = Files.writeString(dir.resolve("virtdeck.bash"), Shell.bash.script());
        inv = Files.writeString(dir.resolve("my inv.yaml"), """
                hosts:
                  kvm1: {address: 10.0.0.1, groups: [rack]}
                  kvm2: {address: 10.0.0.2, groups: [rack]}
                """);
        Path root = LabEnv.repoRoot();
        launcher = root.resolve("virtdeck");
        List<String> names = HostileNames.CORPUS.stream().map(HostileNames::name).toList();
        Files.createDirectories(dir.resolve("cache"));
        // the cache as a listing leaves it (the listing itself: CompletionCacheSimCliTest)
        VmNameCache cache = new VmNameCache(dir.resolve("cache/virtdeck")
                .resolve(VmNameCache.of(key()).file().getFileName()), key());
        cache.record(Map.of("kvm1", names, "kvm2", List.of("web")));
    }

    private String key() {
        return InventorySource.of(inv.toString(), dir, null).key();
    }

    /** Runs bash with the script sourced, then {@code body}; returns stdout. */
    private String bash(String body) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile", "-c",
                "source \"$1\" || exit 9\n" + body, "bash", script.toString()).directory(dir.toFile());
        env(pb);
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("bash did not end");
        }
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private void env(ProcessBuilder pb) {
        pb.environment().put("VIRTDECK_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("VIRTDECK_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto");
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.environment().put("HOME", dir.toString()); // no default inventory, no ~/.cache of the user
        pb.environment().put("LC_ALL", "C.UTF-8");
    }

    /** COMPREPLY for {@code line} (the cursor at its end), as bash's completion would call the function. */
    private List<String> complete(String line) throws Exception {
        String out = bash("""
                line=$2
                read -ra COMP_WORDS <<<"$line"
                [[ $line == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
                COMP_LINE=$line
                COMP_POINT=${#line}
                _virtdeck virtdeck "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
                printf '%s\\0' "${COMPREPLY[@]}"
                """.replace("$2", "'" + line.replace("'", "'\\''") + "'"));
        List<String> replies = new ArrayList<>(List.of(out.split("\0", -1)));
        replies.remove(replies.size() - 1); // after the last NUL
        return replies;
    }

    /** The words bash reads from {@code line}, as when the user runs it (in the test's directory). */
    private List<String> shellWords(String line) throws Exception {
        String out = bash("eval \"w=(" + line.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$")
                .replace("`", "\\`") + ")\"; printf '%s\\0' \"${w[@]}\"");
        List<String> words = new ArrayList<>(List.of(out.split("\0", -1)));
        words.remove(words.size() - 1);
        return words;
    }

    @Test
    void registersItsFunction() throws Exception {
        assertEquals("complete -F _virtdeck virtdeck\n", bash("complete -p virtdeck"));
    }

    @Test
    void completesSubcommandOptionValueHostAndGroup() throws Exception {
        String v = launcher.toString();
        assertEquals(List.of("snapshot"), complete(v + " snaps"));
        assertEquals(List.of("json", "jsonl"), complete(v + " list -o js"));
        assertEquals(List.of("json", "jsonl"), complete(v + " list --output=js"));
        String i = " -i 'my inv.yaml'";
        assertEquals(List.of("kvm1:", "kvm2:"), complete(v + i + " start kv"));
        assertEquals(List.of("@rack"), complete(v + i + " start @"), "readline keeps '@' in the word it replaces");
        assertEquals(List.of("web"), complete(v + i + " start kvm2:w"), "after the ':' of HOST:VM");
    }

    @Test
    void cachedVmNamesComeQuotedOrRawAsReadlineNeeds() throws Exception {
        String prefix = launcher + " -i 'my inv.yaml' start kvm1:";
        assertEquals(List.of("vd it's"), complete(prefix + "vd\\ i"),
                "a space and a quote, after the ':': unquoted, readline quotes it (compopt -o filenames)");
        // with $( and backticks among them, which readline would leave unquoted: quoted here
        List<String> replies = complete(prefix);
        StringBuilder line = new StringBuilder("x");
        for (String r : replies) line.append(" kvm1:").append(r); // one command line with every completion
        List<String> expected = new ArrayList<>();
        for (HostileNames h : HostileNames.CORPUS) expected.add(Selector.exact("kvm1", h.name()));
        assertEquals(expected.stream().sorted().toList(), shellWords(line.toString()).subList(1, replies.size() + 1)
                .stream().sorted().toList());
        for (String c : HostileNames.canaries()) assertFalse(Files.exists(dir.resolve(c)), c + ": a name was run");
    }

    /**
     * Real readline in a terminal ({@code script} gives bash a pty): each hostile name's first
     * characters and TAB complete to the whole name, quoted so that bash reads back the exact
     * selector, and nothing of a name is ever run.
     */
    @Test
    void readlineCompletesEveryHostileNameToAWordBashReadsBack() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) is needed for a pty");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("virtdeck"), launcher);
        Path rc = Files.writeString(dir.resolve("rc"), "PS1='$ '\nsource " + script + "\n"
                + "bind -x '\"\\C-t\": printf \"\\n<<%s>>\\n\" \"$READLINE_LINE\"'\n");
        ProcessBuilder pb = new ProcessBuilder().directory(dir.toFile());
        env(pb);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("INPUTRC", "/dev/null");
        pb.environment().put("TERM", "dumb");
        List<String> lines;
        try (PtyShell bash = PtyShell.start(pb, "bash --rcfile " + rc + " -i")) {
            assertTrue(bash.awaitPrompt("$ ", 60), "no prompt: " + bash.screen());
            // readline owns the terminal now: what is typed ahead is read key by key
            StringBuilder keys = new StringBuilder();
            for (HostileNames h : HostileNames.CORPUS) {
                String tail = Selector.exact("kvm1", h.name()).substring("kvm1:".length());
                keys.append("virtdeck -i 'my inv.yaml' start kvm1:").append(ShellQuote.continueWord(tail.substring(0, 4), (char) 0))
                        .append("\t\u0014\u0015"); // TAB, print the line (C-t), clear it (C-u)
            }
            keys.append("exit\n");
            bash.type(keys.toString());
            assertTrue(bash.waitFor(150), "bash did not end: " + bash.screen());
            lines = bash.shownLines();
            assertEquals(HostileNames.CORPUS.size(), lines.size(), bash.screen());
        }
        for (int i = 0; i < lines.size(); i++) {
            List<String> words = shellWords(lines.get(i));
            assertEquals(Selector.exact("kvm1", HostileNames.CORPUS.get(i).name()), words.get(words.size() - 1),
                    lines.get(i));
        }
        for (String c : HostileNames.canaries()) assertFalse(Files.exists(dir.resolve(c)), c + ": a name was run");
    }
}
