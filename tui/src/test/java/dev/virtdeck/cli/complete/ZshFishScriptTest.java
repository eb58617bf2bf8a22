package dev.virtdeck.cli.complete;

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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The zsh and fish scripts, when those shells are installed (they are not in lab/setup.sh):
 * both parse ({@code zsh -n}, {@code fish -n}); fish also completes for real through
 * {@code complete -C}, with virtdeck on its PATH. zsh's candidates are the protocol's words
 * ({@link CompletionProtocolTest}); its {@code compadd} needs a live line editor to run.
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

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) return true;
        }
        return false;
    }

    @Test
    void zshScriptParses() throws Exception {
        assumeTrue(onPath("zsh"), "zsh not installed");
        Path s = Files.writeString(dir.resolve("_virtdeck"), Shell.zsh.script());
        assertEquals(new Result(0, ""), run(Map.of(), "zsh", "-n", s.toString()));
    }

    @Test
    void fishScriptParsesAndCompletes() throws Exception {
        assumeTrue(onPath("fish"), "fish not installed");
        Path s = Files.writeString(dir.resolve("virtdeck.fish"), Shell.fish.script());
        assertEquals(new Result(0, ""), run(Map.of(), "fish", "-n", s.toString()));

        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("virtdeck"))) root = root.getParent();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("virtdeck"), root.resolve("virtdeck"));
        Files.writeString(dir.resolve("inv.yaml"), "hosts:\n  kvm1: {address: 10.0.0.1, groups: [rack]}\n");
        String key = InventorySource.of("inv.yaml", dir, null).key(); // as the process will compute it
        Path file = dir.resolve("cache/virtdeck").resolve(VmNameCache.of(key).file().getFileName());
        new VmNameCache(file, key).record(Map.of("kvm1", List.of("vd it's")));
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "VIRTDECK_CLASSPATH", System.getProperty("java.class.path"),
                "VIRTDECK_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto",
                "XDG_CACHE_HOME", dir.resolve("cache").toString(), "HOME", dir.toString());
        Result r = run(env, "fish", "--no-config", "-c", "source " + s + "; complete -C'virtdeck li';"
                + " complete -C'virtdeck -i inv.yaml start @'; complete -C'virtdeck -i inv.yaml start kvm1:vd'");
        assertEquals(new Result(0, "list\n@rack\nkvm1:vd it's\n"), r);
    }
}
