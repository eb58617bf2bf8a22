package dev.virtdeck.demo;

import dev.virtdeck.testlab.LabEnv;
import dev.virtdeck.fleet.DefaultDriverOpener;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code ./virtdeck demo} as a user runs it: the packaged launcher in a 120x40 tmux terminal, keys typed into
 * the TUI, the screen read back. Needs tmux (skipped without it, unless CI=true).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DemoTmuxTest {

    @TempDir
    Path dir;
    String session;

    @BeforeEach
    void needTmux() {
        boolean ci = "true".equals(System.getProperty("CI")) || "true".equals(System.getenv("CI"));
        boolean tmux = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(p -> !p.isEmpty() && Files.isExecutable(Path.of(p, "tmux")));
        if (!tmux && ci) fail("tmux is not installed (CI=true: this test must run)");
        Assumptions.assumeTrue(tmux, "tmux is not installed: skipping the terminal test of virtdeck demo");
        session = "vddemo" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100000;
    }

    @Test
    void demoShowsTheSimulatedVmsStartsStopsAndAttachesConsolesThenQuits() throws Exception {
        Set<Path> dirsBefore = demoDirs();
        Path rc = dir.resolve("rc");
        String script = "'" + repoRoot().resolve("virtdeck") + "' demo; echo $? > '" + rc + "'; sleep 600";
        tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                "-e", "VIRTDECK_CLASSPATH=" + System.getProperty("java.class.path"), "bash", "-c", script);
        try {
            waitFor("the KVM host's VMs", s -> rowOf(s, "kvm1", "web-1").contains("running")
                    && rowOf(s, "kvm1", "legacy-app").contains("crashed"), 90);
            String screen = capture();
            assertTrue(rowOf(screen, "kvm1", "db-1").contains("paused"), screen);
            assertTrue(rowOf(screen, "kvm1", "archive").contains("suspended"), screen);
            if (new DefaultDriverOpener().implemented("xl")) {
                waitFor("the Xen host's VMs", s -> rowOf(s, "xen1", "mail").contains("running"), 30);
            } else {
                assertTrue(screen.contains("driver xl is not implemented yet"), "xen1 shown with its error:\n" + screen);
            }
            if (new DefaultDriverOpener().implemented("vbox")) {
                waitFor("the VirtualBox host's VMs", s -> rowOf(s, "vbox1", "Windows 11").contains("running")
                        && rowOf(s, "vbox1", "dev box").contains("suspended"), 30);
            }

            startConsoleStop("kvm1", "build-runner");
            if (new DefaultDriverOpener().implemented("vbox")) {
                keys("Escape"); // clear the filter
                startConsoleStop("vbox1", "ci-runner");
            }
            if (new DefaultDriverOpener().implemented("xl")) {
                keys("Escape");
                startConsoleStop("xen1", "scratch");
            }

            keys("Escape");
            startConsoleStop("xcp1", "win-build", true); // XCP-ng pool: XAPI over SSH, console via xl in dom0

            keys("q");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(rc) && Files.size(rc) > 0) && System.nanoTime() < end) Thread.sleep(100);
            assertTrue(Files.exists(rc), "virtdeck demo exited after q:\n" + capture());
            assertEquals("0", Files.readString(rc).strip(), capture());
            Set<Path> left = demoDirs();
            left.removeAll(dirsBefore);
            assertEquals(Set.of(), left, "the demo's temporary directory is deleted on exit");
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    private void startConsoleStop(String host, String vm) throws Exception {
        startConsoleStop(host, vm, false);
    }

    /**
     * Filters to a unique shut-off VM, starts it, (with {@code resize} sets its memory to 3 GiB live
     * through the memory dialog), talks to its console, leaves it and shuts it down.
     */
    private void startConsoleStop(String host, String vm, boolean resize) throws Exception {
        keys("/");
        literal(vm);
        keys("Enter");
        waitFor("only " + vm + " shown", s -> s.contains("shown 1") && rowOf(s, host, vm).contains("shutoff"), 20);
        keys("s");
        waitFor(vm + " running", s -> rowOf(s, host, vm).contains("running"), 30);
        if (resize) {
            keys("m");
            waitFor("the memory dialog", s -> s.contains("current ") && s.contains("maximum "), 10);
            literal("3G");
            keys("Enter");
            waitFor(vm + " at 3 GiB", s -> rowOf(s, host, vm).contains(" 3G/"), 30);
        }

        keys("c");
        waitFor("the console of " + vm, s -> s.contains("Connected to " + host + ":" + vm), 30);
        literal("echo hi");
        keys("Enter");
        waitFor("the guest shell's answer", s -> s.lines().anyMatch(l -> l.strip().equals("hi")), 20);
        keys("C-]");
        waitFor("back in the table", s -> s.contains("disconnected from " + host + ":" + vm)
                && rowOf(s, host, vm).contains("running"), 20);

        keys("S"); // graceful shutdown: the simulated guest honours the ACPI request
        waitFor(vm + " shut off again", s -> rowOf(s, host, vm).contains("shutoff"), 60);
    }

    // ---------------------------------------------------------------- helpers

    /** The table row of HOST VM (two or more spaces around the name: rows are padded). */
    static String rowOf(String screen, String host, String vm) {
        return screen.lines().filter(l -> l.strip().startsWith(host + " ") && l.contains(" " + vm + "  "))
                .findFirst().orElse("");
    }

    void keys(String... keys) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("send-keys", "-t", session));
        cmd.addAll(List.of(keys));
        tmux(cmd.toArray(String[]::new));
        Thread.sleep(300); // lanterna tells a lone Escape from a sequence by timing
    }

    void literal(String text) throws Exception {
        tmux("send-keys", "-t", session, "-l", text);
        Thread.sleep(200);
    }

    String capture() throws Exception {
        return exec("tmux", "capture-pane", "-p", "-t", session);
    }

    void waitFor(String what, Predicate<String> screen, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (screen.test(capture())) return;
            Thread.sleep(200);
        }
        fail(what + " did not appear within " + seconds + " s:\n" + capture());
    }

    static void tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        exec(cmd.toArray(String[]::new));
    }

    static String exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    static Set<Path> demoDirs() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("virtdeck-demo-")).collect(Collectors.toSet());
        }
    }

    static Path repoRoot() {
        return LabEnv.repoRoot();
    }
}
