package dev.virtdeck.docs;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.demo.DemoLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every shell example of docs/cli.md (see {@link DocExamples} for what counts as one), run the way a
 * user runs it: through {@code bash -c} ({@code set -eo pipefail}), with {@code virtdeck} on the PATH
 * being the repository's launcher on the test class path ({@code VIRTDECK_CLASSPATH}), in a temp
 * directory, against a fresh demo lab per example whose inventory is the default one
 * ({@code ~/.config/virtdeck/inventory.yaml} of a private HOME). An example works when it exits with
 * the code the page implies (0 unless a directive says otherwise) and its output matches what the page
 * shows after it ({@link OutputMatch}). Files an example names are made first in its directory
 * ({@code hosts.ini}); {@code ./virtdeck} is the launcher too. Examples marked not run are counted and
 * listed with their reason, as are those piping into a tool this machine lacks ({@code jq}).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CliDocExamplesTest {
    private static final long STEP_TIMEOUT_S = 120;

    @TempDir
    Path tmp;

    @Test
    void everyShellExampleOfCliMdWorksAgainstTheDemoLab() throws Exception {
        Path repo = LabEnv.repoRoot();
        List<DocExamples.Example> examples = DocExamples.parse(Files.readAllLines(repo.resolve("docs/cli.md")));
        assertTrue(!examples.isEmpty(), "the parser found no example in docs/cli.md");
        List<String> failures = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        int ran = 0;
        long t0 = System.nanoTime();
        for (DocExamples.Example e : examples) {
            if (e.notRun() != null) {
                marked.add(e.title() + " (" + e.notRun() + ")");
                continue;
            }
            String missing = missingTool(e);
            if (missing != null) {
                marked.add(e.title() + " (" + missing + " is not installed on this machine)");
                continue;
            }
            ran++;
            String failure = run(repo, e, tmp.resolve("example-" + e.line()));
            if (failure != null) failures.add("docs/cli.md " + e.title() + ":\n" + failure);
        }
        System.out.printf("docs/cli.md examples: %d run, %d marked not run, %d failed, in %d s%n", ran, marked.size(),
                failures.size(), (System.nanoTime() - t0) / 1_000_000_000L);
        marked.forEach(m -> System.out.println("  not run: " + m));
        if (!failures.isEmpty()) fail(failures.size() + " of " + ran + " examples failed:\n\n" + String.join("\n\n", failures));
    }

    /** Tools an example may pipe into that a test machine need not have. */
    private static final List<String> OPTIONAL_TOOLS = List.of("jq");

    /** @return an optional tool the example pipes into that is not on this machine's PATH, or null */
    private static String missingTool(DocExamples.Example e) {
        for (String tool : OPTIONAL_TOOLS) {
            boolean used = e.steps().stream().anyMatch(s -> s.command().matches("(?s).*\\|\\s*" + tool + "\\b.*"));
            if (used && !LabEnv.onPath(tool)) return tool;
        }
        return null;
    }

    /** @return null when the example works, else what went wrong with its output */
    private static String run(Path repo, DocExamples.Example e, Path dir) throws Exception {
        try (DemoLab lab = DemoLab.start()) {
            Map<String, String> env = environment(repo, lab, dir);
            try {
                for (DocExamples.Step step : e.steps()) {
                    Result r = bash(step.command(), dir, env);
                    String what = "$ " + step.command() + "\n--- exit " + r.code + ", output:\n" + r.output;
                    if (r.code != e.exitCode()) return "exit " + r.code + ", expected " + e.exitCode() + "\n" + what;
                    if (!step.expected().isEmpty()) {
                        String miss = OutputMatch.mismatch(step.expected(), r.output.lines().toList());
                        if (miss != null) return "output differs from the page (" + miss + ")\n" + what;
                    }
                }
                return null;
            } finally {
                // an example may have started an agent (in this example's own runtime dir)
                if (Files.exists(dir.resolve("run/virtdeck/agent.sock"))) bash("virtdeck agent stop", dir, env);
            }
        }
    }

    /**
     * A private HOME whose default inventory is the demo lab's, the XDG directories under {@code dir},
     * {@code virtdeck} first on the PATH, and the fixtures the examples name.
     */
    private static Map<String, String> environment(Path repo, DemoLab lab, Path dir) throws IOException {
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve(".config/virtdeck"));
        Files.copy(lab.inventory(), home.resolve(".config/virtdeck/inventory.yaml"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwx------"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String launcher = "#!/bin/sh\nexec '" + repo.resolve("virtdeck") + "' \"$@\"\n";
        for (Path p : List.of(bin.resolve("virtdeck"), dir.resolve("virtdeck"))) {
            Files.writeString(p, launcher);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        }
        Files.writeString(dir.resolve("hosts.ini"), ansibleInventory(lab));

        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        env.remove("VIRTDECK_AGENT"); // the suite's "off": the agent example needs one; each example has its own socket
        env.remove("VIRTDECK_AGENT_SOCKET");
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", run.toString());
        env.put("XDG_STATE_HOME", dir.resolve("state").toString());
        env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
        env.put("VIRTDECK_CLASSPATH", System.getProperty("java.class.path"));
        env.put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // user.home is read from the password database, not $HOME; a quick start for the many short JVMs
        env.put("VIRTDECK_JAVA_OPTS", "-Duser.home=" + home + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        return env;
    }

    /** The admin's Ansible INI inventory of the demo hosts, for {@code -i hosts.ini}. */
    private static String ansibleInventory(DemoLab lab) {
        StringBuilder ini = new StringBuilder("[hypervisors]\n");
        for (String h : lab.hostNames()) {
            ini.append(h).append(" ansible_host=127.0.0.1 ansible_port=").append(lab.port(h)).append('\n');
        }
        ini.append("\n[all:vars]\nansible_user=root\nansible_ssh_private_key_file=").append(lab.identity())
                .append("\nvirtdeck_known_hosts=").append(lab.knownHosts()).append('\n');
        return ini.toString();
    }

    private record Result(int code, String output) {}

    private static Result bash(String script, Path dir, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -eo pipefail\n" + script)
                .directory(dir.toFile()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        // read in the background while waiting, so a full pipe never blocks the example
        java.util.concurrent.CompletableFuture<byte[]> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (var in = p.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException ex) {
                return ("(output not read: " + ex + ")").getBytes(StandardCharsets.UTF_8);
            }
        });
        if (!p.waitFor(STEP_TIMEOUT_S, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            return new Result(-1, "(timed out after " + STEP_TIMEOUT_S + " s)");
        }
        // a background child (an agent, a coproc) may hold the pipe: take what is there after a grace period
        byte[] bytes = out.completeOnTimeout(new byte[0], 10, TimeUnit.SECONDS).get();
        return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
    }
}
