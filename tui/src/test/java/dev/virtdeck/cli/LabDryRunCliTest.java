package dev.virtdeck.cli;

import dev.virtdeck.testlab.LabEnv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * {@code --dry-run} against the real lab (issue 13, "a dry-run changes nothing"): two throwaway
 * guests, one running and one shut off, seen through lab1 (native) and lab2 (virsh); every
 * mutating verb is dry-run on both, and the guests' states, live and inactive domain XML and the
 * image directory are compared before and after.
 */
@Tag("lab")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LabDryRunCliTest {
    static final String RUNNING = "vdg-dry-on";
    static final String OFF = "vdg-dry-off";
    static final String NEW = "vdg-dry-new";
    static final Path IMAGES = Path.of("/var/lib/libvirt/images");

    @TempDir
    Path dir;
    LabEnv lab;
    LabGuests guests;

    @BeforeEach
    void guests() throws Exception {
        lab = LabEnv.require();
        guests = new LabGuests(lab, dir);
        guests.define(RUNNING, lab.cmdline() + " virtdeck.deaf=1");
        guests.define(OFF, lab.cmdline());
        guests.track(NEW);
        guests.start(RUNNING);
    }

    @AfterEach
    void remove() {
        if (guests != null) guests.close();
    }

    LabCliTest.Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of("-i", lab.inventory().toString()));
        all.addAll(List.of(args));
        return LabCliTest.cliRaw(all.toArray(String[]::new));
    }

    /** @return per guest: its state, live XML and inactive XML (local virsh: libvirtd runs here), and the image files */
    static Map<String, String> snapshot() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String vm : List.of(RUNNING, OFF)) {
            out.put(vm + " state", LabGuests.state(vm));
            out.put(vm + " xml", LabCliTest.exec("virsh", "-c", LabGuests.URI, "dumpxml", vm));
            out.put(vm + " inactive xml", LabCliTest.exec("virsh", "-c", LabGuests.URI, "dumpxml", "--inactive", vm));
        }
        try (Stream<Path> files = Files.list(IMAGES)) {
            out.put("images", String.join("\n", files.map(Path::toString).sorted().toList()));
        }
        out.put(NEW + " exists", String.valueOf(LabGuests.exists(NEW)));
        return out;
    }

    @Test
    void dryRunsOfEveryVerbChangeNothingOnTheLab() throws Exception {
        Map<String, String> before = snapshot();
        assertEquals("running", before.get(RUNNING + " state"));
        List<List<String>> verbs = List.of(
                List.of("start"), List.of("shutdown", "--timeout", "5", "--force"), List.of("poweroff"),
                List.of("reboot"), List.of("reset"), List.of("pause"), List.of("resume"), List.of("save"),
                List.of("set-memory", "200M"), List.of("set-memory", "--max", "512M"), List.of("set-vcpus", "2"),
                List.of("attach-disk", "--size", "16M"), List.of("delete", "--force", "--with-disks"), List.of("delete"));
        for (List<String> v : verbs) { // the verb, the selectors, then its options and value
            List<String> args = new ArrayList<>(List.of(v.get(0), "lab1:vdg-dry-*", "lab2:vdg-dry-*"));
            args.addAll(v.subList(1, v.size()));
            args.addAll(List.of("--dry-run", "-o", "json"));
            LabCliTest.Run r = cli(args.toArray(String[]::new));
            assertNotEquals(ExitCodes.USAGE, r.code(), args + "\n" + r.out() + r.err());
            assertEquals(4, LabCliTest.JSON.readTree(r.out()).get("plan").size(), args + "\n" + r.out());
        }
        LabCliTest.Run create = cli("create", "lab1", NEW, "--vcpus", "1", "--memory", "128", "--disk", "16M",
                "--iso", "/nonexistent.iso", "--start", "--dry-run", "-o", "json");
        assertEquals(ExitCodes.OK, create.code(), create.out() + create.err());
        LabCliTest.Run delete = cli("delete", "lab1:" + RUNNING, "--dry-run", "-o", "json");
        assertEquals(ExitCodes.FAILED, delete.code(), "a running guest without --force is refused: " + delete.out());

        Map<String, String> after = snapshot();
        for (String k : before.keySet()) assertEquals(before.get(k), after.get(k), k + " changed by a dry run");
        assertFalse(LabGuests.exists(NEW));
    }
}
