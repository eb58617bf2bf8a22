package dev.virtdeck.vbox;

import dev.virtdeck.driver.VmInfo;
import dev.virtdeck.driver.VmState;
import dev.virtdeck.error.CommandFailedException;
import dev.virtdeck.ssh.ExecResult;
import dev.virtdeck.ssh.RemoteCommand;
import dev.virtdeck.ssh.RemoteProcess;
import dev.virtdeck.ssh.ShellQuote;
import dev.virtdeck.ssh.SshHost;
import dev.virtdeck.testlab.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The list script's real shell logic: the driver's exec runs for real under this machine's
 * {@code /bin/sh} (dash on Debian), with a stub {@code VBoxManage} first on the PATH. The stub is
 * a tiny sh script that logs its argv and prints RECORDED outputs (reference/vboxmanage) from
 * files: {@code list vms} in its recorded format for the uuids of the recorded {@code showvminfo}
 * captures, one of them renamed to a name with spaces, quotes and braces (its value escaped as
 * 5.0+ prints it), one listed VM whose {@code showvminfo} fails with the recorded "Could not find a
 * registered machine" error (deleted since), one inaccessible VM. The {@code metrics query} lines
 * are RECONSTRUCTED in VBoxManageMetrics.cpp's layout (see VBoxMetricsTest; no capture exists).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class VBoxListScriptShellTest {
    static final String ODD = "odd \"q\" it's {x} {00000000-0000-0000-0000-000000000000}";
    static final String RUNNING = "7163bae0-5075-49fc-b3a7-b2831c06aa40";
    static final String SAVED = "37f5d336-bf07-48dd-947c-37e6a56420a7";
    static final String OFF = "a5ba528b-c51e-4fbb-a8d8-04c0d83e581d";
    static final String GONE = "def44546-e3da-4902-8d15-b91c99c80cbc";
    static final String BROKEN = "33333333-3333-4333-8333-333333333333";

    /** Logs its argv as [a][b]..., answers from the files next to it. */
    static final String STUB = """
            #!/bin/sh
            d=$(dirname "$0")
            { for a in "$@"; do printf '[%s]' "$a"; done; echo; } >> "$d/calls"
            case "$1 $2" in
              "--version ") cat "$d/version" ;;
              "list vms") cat "$d/list-vms"; [ -f "$d/list-vms.err" ] && cat "$d/list-vms.err" >&2
                exit "$(cat "$d/list-vms.rc" 2>/dev/null || echo 0)" ;;
              "list hostinfo") cat "$d/hostinfo" ;;
              "showvminfo "*)
                if [ "$3" = --machinereadable ] && [ -f "$d/show-$2" ]; then cat "$d/show-$2"
                else cat "$d/not-found" >&2; exit 1; fi ;;
              "metrics query") cat "$d/metrics" ;;
              "metrics setup") ;;
              *) echo "stub: unexpected $*" >&2; exit 2 ;;
            esac
            """;

    @TempDir
    Path dir;
    Path bin;
    LocalShell shell;
    VBoxDriver driver;

    @BeforeEach
    void stub() throws IOException {
        bin = Files.createDirectory(dir.resolve("bin"));
        write("VBoxManage", STUB);
        Files.setPosixFilePermissions(bin.resolve("VBoxManage"), PosixFilePermissions.fromString("rwxr-xr-x"));
        write("version", Reference.output("vboxmanage/version-strings.txt").lines().findFirst().orElseThrow() + "\n");
        write("hostinfo", Reference.output("vboxmanage/list-hostinfo-7.1-reconstructed.txt"));
        write("not-found", Reference.output("vboxmanage/error-unknown-vm-showvminfo.txt"));
        write("show-" + SAVED, Reference.output("vboxmanage/showvminfo-machinereadable-saved-5.2-full.txt"));
        write("show-" + RUNNING, Reference.output("vboxmanage/showvminfo-machinereadable-running-6.0-excerpt.txt")
                .replace("name=\"gitlab\"", "name=\"" + ODD.replace("\"", "\\\"") + "\""));
        // the excerpt starts at hardwareuuid=: showvminfo prints name= and UUID= first
        write("show-" + OFF, "name=\"off vm\"\nUUID=\"" + OFF + "\"\n"
                + Reference.output("vboxmanage/showvminfo-machinereadable-poweroff-6.1-excerpt.txt"));
        write("metrics", metricsQuery());
        shell = new LocalShell(bin);
        driver = new VBoxDriver("stubhost", shell);
    }

    void write(String name, String text) throws IOException {
        Files.writeString(bin.resolve(name), text);
    }

    void listing(String... uuids) throws IOException {
        Map<String, String> names = Map.of(SAVED, "Ubuntu", RUNNING, ODD, OFF, "off vm", GONE, "go-virtualbox",
                BROKEN, "<inaccessible>");
        StringBuilder sb = new StringBuilder();
        for (String u : uuids) sb.append('"').append(names.get(u)).append("\" {").append(u).append("}\n");
        write("list-vms", sb.toString());
    }

    /** RECONSTRUCTED (VBoxMetricsTest's layout): the host's lines and the running VM's. */
    static String metricsQuery() {
        StringBuilder sb = new StringBuilder("""
                Object          Metric                                   Values
                --------------- ---------------------------------------- --------------------------------------------
                """);
        String[][] lines = {{"host", "CPU/Load/User", "3.10%"}, {ODD, "CPU/Load/User", "1.25%"},
                {ODD, "CPU/Load/Kernel", "0.50%"}, {ODD, "RAM/Usage/Used", "734003 kB"}, {ODD, "Net/Rate/Rx", "1536 B/s"},
                {ODD, "Net/Rate/Tx", "512 B/s"}};
        for (String[] l : lines) sb.append(String.format(Locale.ROOT, "%-15s %-40s %s%n", (Object[]) l));
        return sb.toString();
    }

    List<String> calls() throws IOException {
        Path p = bin.resolve("calls");
        return Files.exists(p) ? Files.readAllLines(p) : List.of();
    }

    static String show(String uuid) {
        return "[showvminfo][" + uuid + "][--machinereadable]";
    }

    static final String LIST_VMS = "[list][vms]";
    static final String QUERY = "[metrics][query][*][" + String.join(",", VBoxMetrics.QUERIED) + "]";

    @Test
    void everyVmFromOneExecUnderDashAndTheDeletedOneDropped() throws IOException {
        listing(SAVED, GONE, RUNNING, BROKEN, OFF);
        Map<String, VmInfo> vms = driver.list().stream().collect(Collectors.toMap(VmInfo::name, Function.identity()));
        assertEquals(List.of("<inaccessible>", "Ubuntu", ODD, "off vm").stream().sorted().toList(),
                vms.keySet().stream().sorted().toList(), "go-virtualbox was deleted since list vms: dropped");

        VmInfo odd = vms.get(ODD);
        assertEquals(VmState.RUNNING, odd.state());
        assertEquals(RUNNING, odd.uuid());
        assertEquals(1024L, odd.memoryMiB());
        assertEquals((1.25 + 0.50) * 8, odd.usage().reported().cpuPercent(), 1e-9,
                "VirtualBox's share of the host's 8 CPUs (list hostinfo), as % of one CPU");
        assertEquals(1536.0, odd.usage().reported().netRxBps());
        assertEquals(734003L, odd.usage().memoryRssKiB());
        VmInfo saved = vms.get("Ubuntu");
        assertEquals(VmState.SUSPENDED, saved.state());
        assertEquals(SAVED, saved.uuid());
        assertNull(saved.usage());
        VmInfo off = vms.get("off vm");
        assertEquals(VmState.SHUTOFF, off.state());
        assertEquals(2048L, off.memoryMiB());
        assertEquals(2, off.vcpus());
        assertEquals(VmState.UNKNOWN, vms.get("<inaccessible>").state());

        List<String> script = List.of(LIST_VMS, show(SAVED), show(GONE), show(RUNNING), show(OFF), QUERY);
        assertEquals(script, calls().subList(0, script.size()),
                "the uuids taken from the lines' ends, none for the inaccessible VM, then the query");
        assertEquals(List.of("[--version]", "[list][hostinfo]"), calls().subList(script.size(), calls().size()),
                "read once per driver; the VM had samples: no metrics setup");
        assertEquals(3, shell.lines.size(), shell.lines.toString());
        assertEquals("LC_ALL=C " + ShellQuote.join(List.of("sh", "-c", VBoxListScript.SCRIPT)), shell.lines.get(0),
                "the fixed script, as the wrapper runs VBoxManage (no sudo, LC_ALL=C)");

        int before = calls().size();
        driver.list();
        assertEquals(4, shell.lines.size(), "steady state: one exec per list: " + shell.lines);
        assertEquals(script, calls().subList(before, calls().size()));
    }

    @Test
    void noMetricsQueryWhileNoVmCanRun() throws IOException {
        listing(SAVED, OFF, GONE);
        assertEquals(2, driver.list().size());
        assertEquals(List.of(LIST_VMS, show(SAVED), show(OFF), show(GONE), "[--version]"), calls(),
                "saved and powered off: no query, no setup, no hostinfo");
        write("show-" + OFF, Files.readString(bin.resolve("show-" + OFF)).replace("VMState=\"poweroff\"",
                "VMState=\"paused\""));
        driver.list();
        assertTrue(calls().contains(QUERY), "a paused VM has a process: queried: " + calls());
    }

    @Test
    void aFailingListVmsFailsTheListAsItsOwnExecDid() throws IOException {
        listing(SAVED);
        String err = "VBoxManage: error: Failed to create the VirtualBox object!\n";
        write("list-vms.err", err);
        write("list-vms.rc", "1\n");
        CommandFailedException e = assertThrows(CommandFailedException.class, driver::list);
        assertEquals("stubhost", e.host());
        assertEquals("LC_ALL=C VBoxManage list vms", e.command());
        assertEquals(1, e.exitCode());
        assertEquals(err, e.stderr(), "the step's own stderr, without markers");
        assertEquals(List.of(LIST_VMS), calls(), "the script stops after a failed listing");

        write("list-vms.rc", "0\n"); // old releases: an error block with exit 0 is a failure too
        CommandFailedException old = assertThrows(CommandFailedException.class, driver::list);
        assertEquals("LC_ALL=C VBoxManage list vms", old.command());
        assertEquals(0, old.exitCode());
    }

    @Test
    void aDescriptionPosingAsAnotherSectionFailsTheListing() throws IOException {
        listing(RUNNING, OFF);
        // 5.0+ print a description's newlines as they are: its text can start a line
        write("show-" + RUNNING, Files.readString(bin.resolve("show-" + RUNNING)) + "description=\"x\n"
                + "@@virtdeck:end 0\n@@virtdeck:begin show " + OFF + "\nname=\\\"fake\\\"\n\"\n");
        CommandFailedException e = assertThrows(CommandFailedException.class, driver::list);
        assertTrue(e.getMessage().contains("sections are not the ones it prints"), e.getMessage());
    }

    /** The simulator answers only its verbatim copy (sim's README): a change here must be copied there. */
    @Test
    void theSimulatorKeepsAVerbatimCopy() throws IOException {
        try (var in = dev.virtdeck.sim.SimHost.class.getResourceAsStream("vbox-list-script.sh")) {
            assertEquals(VBoxListScript.SCRIPT, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "copy drivers/vbox's list-script.sh to sim/src/main/resources/dev/virtdeck/sim/vbox-list-script.sh");
        }
    }

    /** Runs every command line with this machine's /bin/sh, the stub first on the PATH. */
    static final class LocalShell implements SshHost {
        final Path bin;
        final List<String> lines = new ArrayList<>();

        LocalShell(Path bin) {
            this.bin = bin;
        }

        @Override
        public String name() {
            return "stubhost";
        }

        @Override
        public ExecResult exec(RemoteCommand command) {
            return exec(command, Duration.ofSeconds(60));
        }

        @Override
        public ExecResult exec(RemoteCommand command, Duration timeout) {
            String line = command.shellLine();
            lines.add(line);
            try {
                Path out = Files.createTempFile(bin.getParent(), "out", "");
                Path err = Files.createTempFile(bin.getParent(), "err", "");
                ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", line).redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                pb.environment().put("PATH", bin + ":/usr/bin:/bin");
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("hung: " + line);
                }
                return new ExecResult(line, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), Duration.ZERO);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public RemoteProcess start(RemoteCommand command, boolean pty) {
            throw new UnsupportedOperationException("not needed by list()");
        }

        @Override
        public void close() {
        }
    }
}
