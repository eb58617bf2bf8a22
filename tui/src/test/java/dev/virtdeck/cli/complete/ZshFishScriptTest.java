package dev.virtdeck.cli.complete;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.cli.complete.CompletionCommand.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The zsh and fish scripts, when those shells are installed (they are not in lab/setup.sh):
 * both parse ({@code zsh -n}, {@code fish -n}); fish also completes for real through
 * {@code complete -C}, with virtdeck on its PATH; zsh completes in its line editor (a pty from
 * {@code script}), quoting a hostile cached name itself.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ZshFishScriptTest {
    @TempDir
    Path dir;

    record Result(int code, String out) {
    }

    private Result run(Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Result(p.exitValue(), out);
    }


    @Test
    void zshScriptParses() throws Exception {
        assumeTrue(LabEnv.onPath("zsh"), "zsh not installed");
        Path s = Files.writeString(dir.resolve("_virtdeck"), Shell.zsh.script());
        assertEquals(new Result(0, ""), run(Map.of(), "zsh", "-n", s.toString()));
    }

    @Test
    void zshCompletesInItsLineEditor() throws Exception {
        assumeTrue(LabEnv.onPath("zsh") && LabEnv.onPath("script"), "zsh and script (util-linux) needed");
        Path s = Files.writeString(dir.resolve("_virtdeck"), Shell.zsh.script());
        Map<String, String> env = new java.util.HashMap<>(virtdeckOnPath(Map.of("kvm1", List.of("vd it's", "web"))));
        Path zdot = Files.createDirectories(dir.resolve("zdot"));
        Files.writeString(zdot.resolve(".zshrc"), "PS1='$ '\nautoload -U compinit; compinit -u\nsource " + s + "\n"
                + "show() { print -r -- \"<<$BUFFER>>\"; }\nzle -N show; bindkey '^T' show\n");
        env.put("ZDOTDIR", zdot.toString());
        ProcessBuilder pb = new ProcessBuilder().directory(dir.toFile());
        pb.environment().putAll(env);
        try (PtyShell zsh = PtyShell.start(pb, "zsh -i")) {
            zsh.awaitPrompt("$ ", 60);
            zsh.type("virtdeck li\t\u0014\u0015virtdeck -i inv.yaml start @r\t\u0014\u0015"
                    + "virtdeck -i inv.yaml start kvm1:vd\\ i\t\u0014\u0015exit\n");
            assertTrue(zsh.waitFor(90), zsh.screen());
            assertEquals(List.of("virtdeck list ", "virtdeck -i inv.yaml start @rack ",
                    "virtdeck -i inv.yaml start kvm1:vd\\ it\\'s "), zsh.shownLines(), zsh.screen());
        }
    }

    /** The environment of a shell with the launcher on its PATH as virtdeck, inv.yaml and a cache for it. */
    private Map<String, String> virtdeckOnPath(Map<String, List<String>> cached) throws Exception {
        Path root = LabEnv.repoRoot();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        if (!Files.exists(bin.resolve("virtdeck"))) Files.createSymbolicLink(bin.resolve("virtdeck"), root.resolve("virtdeck"));
        Files.writeString(dir.resolve("inv.yaml"), "hosts:\n  kvm1: {address: 10.0.0.1, groups: [rack]}\n");
        String key = InventorySource.of("inv.yaml", dir, null).key(); // as the process will compute it
        Path file = dir.resolve("cache/virtdeck").resolve(VmNameCache.of(key).file().getFileName());
        new VmNameCache(file, key).record(cached);
        return Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "VIRTDECK_CLASSPATH", System.getProperty("java.class.path"),
                "VIRTDECK_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto",
                "XDG_CACHE_HOME", dir.resolve("cache").toString(), "HOME", dir.toString(), "LC_ALL", "C.UTF-8");
    }

    @Test
    void fishScriptParsesAndCompletes() throws Exception {
        assumeTrue(LabEnv.onPath("fish"), "fish not installed");
        Path s = Files.writeString(dir.resolve("virtdeck.fish"), Shell.fish.script());
        assertEquals(new Result(0, ""), run(Map.of(), "fish", "-n", s.toString()));

        Map<String, String> env = virtdeckOnPath(Map.of("kvm1", List.of("vd it's")));
        Result r = run(env, "fish", "--no-config", "-c", "source " + s + "; complete -C'virtdeck li';"
                + " complete -C'virtdeck -i inv.yaml start @'; complete -C'virtdeck -i inv.yaml start kvm1:vd'");
        assertEquals(new Result(0, "list\n@rack\nkvm1:vd it's\n"), r);
    }
}
