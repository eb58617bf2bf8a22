package dev.virtdeck.tui;

import dev.virtdeck.testlab.LabEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged {@code ./virtdeck} launcher running the TUI inside a detached tmux session, with
 * the test class path ({@code VIRTDECK_CLASSPATH}) and a private home (config.yaml, operation
 * log). Keys go in with tmux send-keys; the screen is read with capture-pane. Every wait polls
 * with a generous bound and fails with the screen and the end of the log.
 */
final class TmuxTui implements AutoCloseable {
    final String session;
    final Path home;

    private TmuxTui(String session, Path home) {
        this.session = session;
        this.home = home;
    }

    /**
     * Starts {@code virtdeck -i inventory} in a {@code cols}x{@code rows} tmux window.
     *
     * @param home      user.home of the TUI (config.yaml goes under .config/virtdeck) and its cwd
     * @param configYaml written to home/.config/virtdeck/config.yaml
     */
    static TmuxTui open(Path home, Path inventory, String configYaml, int cols, int rows) throws Exception {
        Path cfg = home.resolve(".config/virtdeck/config.yaml");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, configYaml);
        String classPath = snapshotClassPath(home.resolve("classpath"));
        String session = "vdtui" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100000;
        String script = repoRoot().resolve("virtdeck") + " -i " + inventory + "; echo VIRTDECK-EXITED $?; sleep 600";
        exec("tmux", "new-session", "-d", "-s", session, "-x", Integer.toString(cols), "-y", Integer.toString(rows),
                "-c", home.toString(), "-e", "VIRTDECK_CLASSPATH=" + classPath,
                "-e", "VIRTDECK_JAVA_OPTS=-Duser.home=" + home, "bash", "-c", script);
        return new TmuxTui(session, home);
    }

    /**
     * The test class path with its directories (target/classes of the modules) copied under
     * {@code dir}: the TUI loads classes lazily for minutes, and a rebuild of the tree meanwhile
     * must not pull them from under it. Jars are used in place.
     */
    static String snapshotClassPath(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.isDirectory(src)) {
                out.add(entry);
                continue;
            }
            Path dst = dir.resolve(Integer.toString(i++));
            try (var files = Files.walk(src)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path t = dst.resolve(src.relativize(f).toString());
                    if (Files.isDirectory(f)) Files.createDirectories(t);
                    else Files.copy(f, t);
                }
            }
            out.add(dst.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** Types literal text (each character a key). */
    void type(String text) throws Exception {
        exec("tmux", "send-keys", "-t", session, "-l", text);
    }

    /** Sends tmux key names: Enter, Escape, Space, C-], ... */
    void keys(String... names) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "send-keys", "-t", session));
        cmd.addAll(List.of(names));
        exec(cmd.toArray(String[]::new));
    }

    /** @return the visible screen, one string per row */
    List<String> lines() throws Exception {
        return List.of(exec("tmux", "capture-pane", "-p", "-t", session).split("\n", -1));
    }

    String screen() throws Exception {
        return String.join("\n", lines());
    }

    /** @return whether some screen row contains all parts */
    boolean hasRow(String... parts) throws Exception {
        return rowOf(lines(), parts) >= 0;
    }

    static int rowOf(List<String> lines, String... parts) {
        for (int i = 0; i < lines.size(); i++) {
            boolean all = true;
            for (String p : parts) all &= lines.get(i).contains(p);
            if (all) return i;
        }
        return -1;
    }

    /** Polls the screen until {@code cond} holds; fails after {@code seconds} with the screen. */
    void await(String what, int seconds, Predicate<List<String>> cond) throws Exception {
        if (!poll(seconds, cond)) fail("timed out after " + seconds + " s waiting for " + what + "\n" + diagnostics());
    }

    /** @return whether {@code cond} held within {@code seconds} */
    boolean poll(int seconds, Predicate<List<String>> cond) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        do {
            if (cond.test(lines())) return true;
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        return cond.test(lines());
    }

    void awaitRow(int seconds, String... parts) throws Exception {
        await("a row with " + String.join(" + ", parts), seconds, l -> rowOf(l, parts) >= 0);
    }

    void awaitText(int seconds, String text) throws Exception {
        await("'" + text + "'", seconds, l -> String.join("\n", l).contains(text));
    }

    /** The screen and the end of the TUI's log, for failure messages. */
    String diagnostics() {
        StringBuilder sb = new StringBuilder();
        try {
            sb.append("---- screen ----\n").append(screen()).append('\n');
        } catch (Exception e) {
            sb.append("(no screen: ").append(e).append(")\n");
        }
        Path log = home.resolve("target/virtdeck-test.log");
        try {
            if (Files.exists(log)) {
                List<String> all = Files.readAllLines(log);
                sb.append("---- ").append(log).append(" (end) ----\n");
                for (String l : all.subList(Math.max(0, all.size() - 25), all.size())) sb.append(l).append('\n');
            }
        } catch (IOException e) {
            sb.append("(no log: ").append(e).append(")\n");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            exec("tmux", "kill-session", "-t", session);
        } catch (Exception e) {
            // already gone
        }
    }

    static Path repoRoot() {
        return LabEnv.repoRoot();
    }

    static String exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", cmd) + " timed out");
        }
        if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    // ------------------------------------------------------------------ local libvirt

    static String domstate(String vm) throws Exception {
        return exec("virsh", "-c", "qemu:///system", "domstate", vm).strip();
    }

    /** Destroys the guest unless it is off already (best effort). */
    static void destroy(String vm) {
        if (vm == null || vm.isBlank()) return;
        try {
            if (!domstate(vm).equals("shut off")) exec("virsh", "-c", "qemu:///system", "destroy", vm);
        } catch (Exception e) {
            // off already, or gone
        }
    }

    /** Polls {@code virsh domstate} until it is {@code state}; fails after {@code seconds}. */
    static void awaitDomstate(String vm, String state, int seconds) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = domstate(vm);
        while (!last.equals(state) && System.nanoTime() < end) {
            Thread.sleep(250);
            last = domstate(vm);
        }
        if (!last.equals(state)) fail(vm + ": domstate is '" + last + "', expected '" + state + "' within " + seconds + " s");
    }

    /** Defines a small shut-off guest {@code vm} of the lab's verified type (the XML goes to {@code dir}). */
    static void defineIdle(dev.virtdeck.testlab.LabEnv lab, java.nio.file.Path dir, String vm) throws Exception {
        undefine(vm);
        java.nio.file.Path xml = dir.resolve(vm + ".xml");
        java.nio.file.Files.writeString(xml, "<domain type='" + lab.domainType() + "'><name>" + vm + "</name>"
                + "<memory unit='KiB'>131072</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type><kernel>" + lab.kernel() + "</kernel>"
                + "<initrd>" + lab.initrd() + "</initrd><cmdline>console=ttyS0</cmdline></os></domain>");
        exec("virsh", "-c", "qemu:///system", "define", xml.toString());
    }

    /** Undefines {@code vm} if it is defined. */
    static void undefine(String vm) {
        try {
            exec("virsh", "-c", "qemu:///system", "undefine", vm);
        } catch (Exception e) {
            // not defined
        }
    }
}
