package dev.virtdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.virtdeck.fleet.DefaultDriverOpener;
import dev.virtdeck.fleet.Fleet;
import dev.virtdeck.ssh.SshPool;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The CLI against the real lab (lab/setup.sh): real sshds, real libvirtd, the vd-deaf guest.
 * State changes are checked with a local {@code virsh domstate} (libvirtd runs on this machine).
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    LabEnv lab;
    String deaf;

    record Run(int code, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        deaf = lab.guestDeaf();
        destroy(deaf);
    }

    @AfterEach
    void leaveGuestsOff() {
        if (deaf != null) destroy(deaf);
    }

    Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return cliRaw(all.toArray(String[]::new));
    }

    /**
     * Main.run with the real SSH pool (no agent) and drivers, stdin {@code in} (not a terminal,
     * null for empty) and no ~/.ssh/config: how the sim and corpus tests run the CLI in-process.
     */
    /**
     * {@link #cliReal} for the simulated-host tests: {@code -i inventory --connect-timeout 5 ARGS},
     * no stdin, and {@code dir/no-ssh-config} (absent) as the ssh_config.
     */
    static Run cliSim(Path inventory, Path dir, String... args) {
        List<String> all = new ArrayList<>(List.of("-i", inventory.toString(), "--connect-timeout", "5"));
        all.addAll(List.of(args));
        return cliReal(null, dir.resolve("no-ssh-config"), all.toArray(String[]::new));
    }

    static Run cliReal(InputStream in, Path noSshConfig, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        FleetFactory real = (options, trace, prompter) -> {
            SshPool pool = new SshPool(trace, prompter, null);
            return new Fleet(options, pool::connect, new DefaultDriverOpener(), trace, pool);
        };
        Env env = new Env(in == null ? new ByteArrayInputStream(new byte[0]) : in,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                false, real, noSshConfig);
        int code = Main.run(args, env);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run cliRaw(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- list

    @Test
    void listJsonMatchesTheSchemaAgainstTheLab() throws Exception {
        Run r = cli("list", "-o", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = r.json();
        assertEquals(List.of("hosts", "vms"), fields(root));
        assertEquals(List.of("lab1", "lab2"), root.get("hosts").findValuesAsText("host"));
        for (JsonNode h : root.get("hosts")) {
            assertEquals(CliTest.HOST_FIELDS, fields(h));
            assertTrue(h.get("ok").asBoolean(), h.toString());
            assertTrue(h.get("error").isNull());
            assertTrue(h.get("latencyMs").isNull(), "list does not measure latency: " + h);
            assertEquals("libvirt", h.get("drivers").get(0).asText());
        }
        int found = 0;
        for (JsonNode vm : root.get("vms")) {
            assertEquals(CliTest.VM_FIELDS, fields(vm));
            if (!vm.get("name").asText().equals(deaf)) continue;
            found++;
            assertEquals("libvirt", vm.get("driver").asText());
            assertEquals("shutoff", vm.get("state").asText());
            assertTrue(vm.get("nativeState").asText().startsWith("shut off"), vm.toString());
            assertEquals(36, vm.get("uuid").asText().length());
            assertEquals(2, vm.get("maxVcpus").asInt());
            assertEquals(256, vm.get("maxMemoryMiB").asInt());
            assertTrue(vm.get("persistent").asBoolean());
        }
        assertEquals(2, found, "vd-deaf seen through lab1 (native) and lab2 (virsh)");
    }

    @Test
    void anUnreachableHostYieldsItsOwnErrorWhileTheOthersAreListed() throws Exception {
        Path inv = dir.resolve("inv.yaml");
        Files.writeString(inv, Files.readString(lab.inventory())
                + "  down: {address: 127.0.0.1, port: " + closedPort() + ", drivers: [libvirt]}\n");
        Run r = cliRaw("-i", inv.toString(), "list", "-o", "json");
        assertEquals(1, r.code(), r.err());
        JsonNode hosts = r.json().get("hosts");
        assertEquals(List.of("lab1", "lab2", "down"), hosts.findValuesAsText("host"));
        assertFalse(hosts.get(2).get("ok").asBoolean());
        String error = hosts.get(2).get("error").asText();
        assertFalse(error.isBlank());
        assertTrue(r.err().contains("virtdeck: down: " + error), r.err());
        assertTrue(r.json().get("vms").findValuesAsText("host").contains("lab1"));
        assertTrue(r.json().get("vms").findValuesAsText("host").contains("lab2"));
    }

    @Test
    void aMalformedInventoryGivesFileLineColumnAndExitTwo() throws Exception {
        Path inv = dir.resolve("bad.yaml");
        Files.writeString(inv, "hosts:\n  lab1:\n    address: 127.0.0.1\n    prot: 22\n");
        Run r = cliRaw("-i", inv.toString(), "list");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("virtdeck: " + inv + ":4:5: "), r.err());
        assertTrue(r.err().contains("prot"), r.err());
    }

    // ---------------------------------------------------------------- lifecycle

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lab1", "lab2"})
    void lifecycleChangesTheGuestsRealState(String host) throws Exception {
        String target = host + ":" + deaf;
        assertOk(cli("start", target, "-o", "json"), target);
        assertEquals("running", domstate(deaf));
        Run again = cli("start", target, "-o", "json");
        assertOk(again, target);
        assertTrue(again.json().get("results").get(0).get("message").asText().contains("already"), again.out());
        assertOk(cli("pause", target, "-o", "json"), target);
        assertEquals("paused", domstate(deaf));
        assertOk(cli("resume", target, "-o", "json"), target);
        assertEquals("running", domstate(deaf));
        assertOk(cli("poweroff", target, "-o", "json"), target);
        assertEquals("shut off", domstate(deaf));
    }

    @Test
    void shutdownOfAnAcpiDeafGuestIsForcedAtTheDeadline() throws Exception {
        String target = "lab2:" + deaf;
        assertOk(cli("start", target), target);
        Run r = cli("shutdown", target, "--timeout", "5", "--force", "-o", "json");
        assertOk(r, target);
        String message = r.json().get("results").get(0).get("message").asText();
        assertTrue(message.contains("forced"), message);
        assertEquals("shut off", domstate(deaf));
    }

    // ---------------------------------------------------------------- host keys

    @Test
    void unknownHostKeyIsRefusedWithItsFingerprintAndAcceptedWithAcceptNew() throws Exception {
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "");
        Run r = cli("--known-hosts", kh.toString(), "hosts", "-o", "json");
        assertEquals(1, r.code());
        JsonNode lab1 = r.json().get("hosts").get(0);
        assertFalse(lab1.get("ok").asBoolean());
        assertTrue(lab1.get("error").asText().contains("SHA256:"), lab1.toString());
        assertTrue(lab1.get("error").asText().contains("--accept-new"), lab1.toString());
        assertEquals("", Files.readString(kh));

        r = cli("--known-hosts", kh.toString(), "hosts", "--accept-new", "-o", "json");
        assertEquals(0, r.code(), r.err());
        String recorded = Files.readString(kh);
        assertTrue(recorded.contains("[" + lab.host() + "]:" + lab.port() + " "), recorded);

        r = cli("--known-hosts", kh.toString(), "hosts");
        assertEquals(0, r.code(), "now trusted without --accept-new: " + r.err());
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithAcceptNew() throws Exception {
        Path kh = dir.resolve("known_hosts");
        // the right host names with another key: a "changed" key for both lab sshds
        String otherKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHbI8yoBkyUDoEY4rNgJx3NBOyBmOeRBlmiW6Y3wHCT7";
        Files.writeString(kh, "[" + lab.host() + "]:" + lab.port() + " " + otherKey + "\n"
                + "[" + lab.host2() + "]:" + lab.port2() + " " + otherKey + "\n");
        String before = Files.readString(kh);
        Run r = cli("--known-hosts", kh.toString(), "--accept-new", "list", "-o", "json");
        assertEquals(1, r.code());
        for (JsonNode h : r.json().get("hosts")) {
            assertFalse(h.get("ok").asBoolean());
            assertTrue(h.get("error").asText().contains("CHANGED"), h.toString());
        }
        assertEquals(before, Files.readString(kh), "known_hosts untouched");
    }

    // ---------------------------------------------------------------- console

    @Test
    void consoleThroughTheLauncherInATerminalRestoresIt() throws Exception {
        assertOk(cli("start", "lab1:" + deaf), "lab1:" + deaf);
        Path repo = repoRoot();
        Path before = dir.resolve("stty.before");
        Path after = dir.resolve("stty.after");
        Path rc = dir.resolve("rc");
        String session = "vdcli" + ProcessHandle.current().pid();
        String script = "stty -g > " + before + "; " + repo.resolve("virtdeck") + " -i " + lab.inventory()
                + " console lab1:" + deaf + "; echo $? > " + rc + "; stty -g > " + after + "; sleep 600";
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "40", "-c", Path.of("").toAbsolutePath().toString(),
                "-e", "VIRTDECK_CLASSPATH=" + System.getProperty("java.class.path"), "bash", "-c", script);
        try {
            waitFor(session, "Connected to lab1:" + deaf + " (escape: ^])", 60);
            // the guest may still be booting: retype until the shell has evaluated the arithmetic
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                tmux("send-keys", "-t", session, "-l", "echo vd-$((6*7))");
                tmux("send-keys", "-t", session, "Enter");
                seen = waitFor(session, "vd-42", 5, false);
            }
            assertTrue(seen, "the guest shell answered vd-42:\n" + capture(session));
            tmux("send-keys", "-t", session, "C-]");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(Files.exists(after) && Files.size(after) > 0) && System.nanoTime() < end) Thread.sleep(100);
            assertTrue(Files.exists(after), "the CLI returned after Ctrl-]:\n" + capture(session));
            assertEquals("0", Files.readString(rc).strip());
            assertEquals(Files.readString(before), Files.readString(after), "terminal settings restored exactly");
            assertTrue(capture(session).contains("Disconnected from lab1:" + deaf), capture(session));
        } finally {
            tmux("kill-session", "-t", session);
        }
    }

    @Test
    void theLauncherExplainsAMissingJar() throws Exception {
        Path fakeRepo = dir.resolve("repo");
        Files.createDirectories(fakeRepo);
        Files.copy(repoRoot().resolve("virtdeck"), fakeRepo.resolve("virtdeck"));
        fakeRepo.resolve("virtdeck").toFile().setExecutable(true);
        Path link = dir.resolve("bin/vd");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, fakeRepo.resolve("virtdeck"));
        Process p = new ProcessBuilder(link.toString(), "list").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(out.contains(fakeRepo.toRealPath().resolve("tui/target/virtdeck.jar") + " not found"), out);
        assertTrue(out.contains("run mvn -q package -DskipTests first"), out);
    }

    // ---------------------------------------------------------------- helpers

    static void assertOk(Run r, String target) throws IOException {
        assertEquals(0, r.code(), r.out() + r.err());
        if (r.out().startsWith("{")) {
            JsonNode res = r.json().get("results").get(0);
            assertEquals(target, res.get("target").asText());
            assertEquals("ok", res.get("outcome").asText());
            assertNotNull(res.get("command"));
        }
    }

    static List<String> fields(JsonNode o) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort(); // closed again when we return: nothing listens there
        }
    }

    static Path repoRoot() {
        return LabEnv.repoRoot();
    }

    static String domstate(String vm) throws Exception {
        return exec("virsh", "-c", "qemu:///system", "domstate", vm).strip();
    }

    static void destroy(String vm) {
        try {
            if (!domstate(vm).equals("shut off")) exec("virsh", "-c", "qemu:///system", "destroy", vm);
        } catch (Exception e) {
            // best effort: the guest may be off already
        }
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

    static void tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux"));
        cmd.addAll(List.of(args));
        exec(cmd.toArray(String[]::new));
    }

    static String capture(String session) throws Exception {
        return exec("tmux", "capture-pane", "-p", "-t", session, "-S", "-200");
    }

    static void waitFor(String session, String text, int seconds) throws Exception {
        assertTrue(waitFor(session, text, seconds, true));
    }

    static boolean waitFor(String session, String text, int seconds, boolean failIfMissing) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (capture(session).contains(text)) return true;
            Thread.sleep(200);
        }
        if (failIfMissing) fail("'" + text + "' did not appear:\n" + capture(session));
        return false;
    }
}
