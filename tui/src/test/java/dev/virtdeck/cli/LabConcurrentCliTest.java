package dev.virtdeck.cli;

import dev.virtdeck.host.FileStems;

import com.fasterxml.jackson.databind.JsonNode;
import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 10, two virtdeck processes acting on one VM at once, against the real lab. Each process
 * is a separate JVM started through the {@code virtdeck} launcher (class path of this test), one
 * through lab1 (native libvirt API) and one through lab2 (virsh): the same libvirtd, two clients.
 * Both outcomes must be true (one did it, the other says the VM already is so, or fails naming
 * the real state), exit codes must match the outcomes, and nothing is left half done.
 */
@Tag("lab")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LabConcurrentCliTest {
    static final Path IMAGES = Path.of("/var/lib/libvirt/images");
    /** A deaf guest never shuts down by itself: when it goes off during the wait, the other process did it. */
    static final String ELSEWHERE = "shut off meanwhile by a power-off from elsewhere, after ";

    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;

    @BeforeEach
    void lab() {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
    }

    @AfterEach
    void removeGuests() {
        if (guests != null) guests.close();
    }

    /** One finished CLI process: exit code, stdout's JSON result, stderr. */
    record Done(int code, JsonNode result, String err, long startedMs, long endedMs) {
        String message() {
            return result.get("message").asText();
        }

        boolean ok() {
            return result.get("outcome").asText().equals("ok");
        }
    }

    /** Starts a CLI process now (JSON output); {@link #await} collects it. */
    Process launch(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(LabCliTest.repoRoot().resolve("virtdeck").toString(),
                "-i", lab.inventory().toString(), "-o", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("VIRTDECK_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().put("VIRTDECK_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xshare:auto");
        pb.redirectError(dir.resolve("err-" + System.nanoTime()).toFile());
        return pb.start();
    }

    Done await(Process p, long t0) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("a virtdeck process did not end within 90 s: " + out);
        }
        long ended = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        String err = "";
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("err-")).toList()) {
                err += Files.readString(f);
            }
        }
        JsonNode results = LabCliTest.JSON.readTree(out).get("results");
        assertEquals(1, results.size(), out);
        JsonNode r = results.get(0);
        assertEquals(r.get("outcome").asText().equals("ok") ? 0 : 1, p.exitValue(), "exit code matches the outcome: " + out + err);
        return new Done(p.exitValue(), r, err, 0, ended);
    }

    /** What happened, for the test report (which process won a race varies from run to run). */
    static void log(String what) {
        System.out.println("LabConcurrentCliTest: " + what);
    }

    /** Runs the two command lines at the same moment, as two processes. */
    List<Done> both(List<String> a, List<String> b) throws Exception {
        long t0 = System.nanoTime();
        Process pa = launch(a.toArray(String[]::new));
        Process pb = launch(b.toArray(String[]::new));
        return List.of(await(pa, t0), await(pb, t0));
    }

    @Test
    void twoStartsAtOnceStartTheVmOnceAndBothSayTrue() throws Exception {
        String vm = guests.define("vdg-race-start", "console=ttyS0 virtdeck.deaf=1");
        for (int round = 0; round < 2; round++) {
            List<Done> d = both(List.of("start", "lab1:" + vm), List.of("start", "lab2:" + vm));
            log("start at once: " + d.get(0).result() + " / " + d.get(1).result());
            String m0 = d.get(0).message();
            String m1 = d.get(1).message();
            assertTrue(d.get(0).ok() && d.get(1).ok(), "both true: " + m0 + " / " + m1 + "\n" + d.get(0).err());
            List<String> messages = List.of(m0, m1);
            assertEquals(1, messages.stream().filter(m -> m.equals("started")).count(), messages.toString());
            assertEquals(1, messages.stream().filter(m -> m.startsWith("already running")).count(), messages.toString());
            // caught while libvirt starts QEMU paused: it is starting, not paused for the user to resume
            assertTrue(messages.stream().noneMatch(m -> m.contains("resume")), messages.toString());
            assertEquals("running", LabGuests.state(vm));
            LabCliTest.exec("virsh", "-c", LabGuests.URI, "destroy", vm);
        }
    }

    @Test
    void twoCreatesOfOneNameAtOnceLeaveOneVmWithItsDisk() throws Exception {
        String vm = "vdg-race-new";
        guests.track(vm);
        LabGuests.remove(vm);
        List<String> create = List.of(vm, "--vcpus", "1", "--memory", "128M", "--disk", "16M",
                "--kernel", lab.kernel().toString(), "--initrd", lab.initrd().toString(),
                "--virt-type", lab.domainType());
        List<String> a = new ArrayList<>(List.of("create", "lab1"));
        a.addAll(create);
        List<String> b = new ArrayList<>(List.of("create", "lab2"));
        b.addAll(create);
        List<Done> d = both(a, b);
        log("create at once: " + d.get(0).result() + " / " + d.get(1).result());
        long oks = d.stream().filter(Done::ok).count();
        assertEquals(1, oks, "exactly one create wins: " + d.get(0).result() + " / " + d.get(1).result());
        Done loser = d.stream().filter(x -> !x.ok()).findFirst().orElseThrow();
        assertTrue(loser.message().contains("already exists"), loser.result().toString());
        assertTrue(LabGuests.exists(vm));

        // the winner's disk is there, and the loser left no file of its own behind
        String xml = LabCliTest.exec("virsh", "-c", LabGuests.URI, "dumpxml", "--inactive", vm);
        int i = xml.indexOf("<source file='");
        assertTrue(i > 0, xml);
        Path disk = Path.of(xml.substring(i + 14, xml.indexOf('\'', i + 14)));
        assertTrue(Files.isRegularFile(disk), "the winner's disk " + disk + " was removed");
        assertTrue(LabCliTest.exec("qemu-img", "info", disk.toString()).contains("file format: qcow2"));
        String stem = FileStems.of(vm);
        try (Stream<Path> files = Files.list(IMAGES)) {
            assertEquals(List.of(disk), files.filter(f -> f.getFileName().toString().startsWith(stem)).toList(),
                    "only the winner's disk file");
        }
        LabCliTest.exec("virsh", "-c", LabGuests.URI, "start", vm);
        assertEquals("running", LabGuests.state(vm), "the VM the winner made works");
    }

    @Test
    void aShutdownWaitingWhileAnotherProcessPowersOffEndsTrueAndAtOnce() throws Exception {
        String vm = guests.define("vdg-race-stop", "console=ttyS0 virtdeck.deaf=1");
        guests.start(vm);
        log("started " + vm);

        // lab1 waits for a guest that ignores ACPI; lab2 powers it off meanwhile
        long t0 = System.nanoTime();
        Process waiting = launch("shutdown", "lab1:" + vm, "--timeout", "20");
        Thread.sleep(4_000);
        Done off = await(launch("poweroff", "lab2:" + vm), t0);
        Done shut = await(waiting, t0);
        log("waiting shutdown: " + shut.result() + " after " + shut.endedMs() + " ms; poweroff: " + off.result());
        assertTrue(off.ok(), off.result().toString());
        assertEquals("powered off", off.message());
        assertTrue(shut.ok(), shut.result().toString());
        assertTrue(shut.message().startsWith(ELSEWHERE), "not our shutdown, and said so: " + shut.result());
        assertTrue(shut.endedMs() < 20_000, "the waiting process saw the VM go off, not its deadline: "
                + shut.endedMs() + " ms");
        assertEquals("shut off", LabGuests.state(vm));

        // both at the same moment, each through the other transport: whichever comes second finds it off
        guests.start(vm);
        log("started " + vm + " again");
        List<Done> d = both(List.of("shutdown", "lab2:" + vm, "--timeout", "20"), List.of("poweroff", "lab1:" + vm));
        assertTrue(d.get(0).ok(), d.get(0).result().toString());
        assertTrue(d.get(0).message().startsWith(ELSEWHERE) || d.get(0).message().equals("already shut off"),
                d.get(0).result().toString());
        assertTrue(d.get(1).ok(), d.get(1).result().toString());
        assertTrue(d.get(1).message().equals("powered off") || d.get(1).message().equals("already shut off"),
                d.get(1).result().toString());
        log("at once: " + d.get(0).result() + " / " + d.get(1).result() + " after " + d.get(0).endedMs() + " ms");
        assertTrue(d.get(0).endedMs() < 20_000, d.get(0).endedMs() + " ms");
        assertEquals("shut off", LabGuests.state(vm));
    }
}
